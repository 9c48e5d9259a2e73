using Checkout.Platform.Hosting;

namespace Checkout.Promotion;

/// <summary>
/// Promotion service. Knows the codes (<see cref="PromotionCatalog"/>). Stores: usage per
/// code (usage:{code}) and which orders were counted (tracked:{orderId}). Calls and
/// consumes: nothing.
/// </summary>
public static class PromotionApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Promotion, args, overrides);
        var app = builder.Build();
        app.MapDomainService<PromotionGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
