using Checkout.Platform.Hosting;

namespace Checkout.Promotion;

/// <summary>
/// Promotion service. Knows the codes (<see cref="PromotionCatalog"/>). Stores: usage per
/// code with the holds of orders being paid (usage:{code}), each customer's paid uses of a
/// code (usage:{code}:{customerId}), the codes an order holds (holds-of:{orderId}) and which
/// orders were counted (tracked:{orderId}). Calls and consumes: nothing.
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
