using Checkout.Platform.Hosting;

namespace Checkout.Shipping;

/// <summary>
/// Shipping service. Knows the methods and rates (<see cref="ShippingRates"/>). Stores:
/// one shipment per order (shipment:{orderId}). Consumes: order.processing (starts
/// fulfilment). Calls: nothing.
/// </summary>
public static class ShippingApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Shipping, args, overrides);
        builder.Services.AddEventConsumer<OrderProcessingHandler>();
        var app = builder.Build();
        app.MapDomainService<ShippingGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
