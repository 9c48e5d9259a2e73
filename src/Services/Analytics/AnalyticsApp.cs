using Checkout.Platform.Hosting;

namespace Checkout.Analytics;

/// <summary>
/// Analytics service. Consumes: order.created. Stores: order metrics (metrics:orders:{n}, 16 parts),
/// customer behaviour (behavior:{customerId}) and product performance (product:{productId}).
/// Answers queries over gRPC. Calls nothing.
/// </summary>
public static class AnalyticsApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Analytics, args, overrides);
        builder.Services.AddEventConsumer<OrderMetricsHandler>();
        var app = builder.Build();
        app.MapDomainService<AnalyticsGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
