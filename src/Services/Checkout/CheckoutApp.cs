using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;

namespace Checkout.CheckoutService;

/// <summary>
/// Checkout service. Stores: sessions (session:{id}, 30 minutes to submit) and idempotency
/// keys (idem:{customerId}:{key}, 24 hours). Calls: Promotion, Loyalty and Shipping to
/// price an order; computes tax itself (<see cref="TaxTable"/>). Publishes and consumes:
/// nothing.
/// </summary>
public static class CheckoutApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Checkout, args, overrides);
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddServiceClient<PromotionService.PromotionServiceClient>(AppIds.Promotion);
        builder.Services.AddServiceClient<LoyaltyService.LoyaltyServiceClient>(AppIds.Loyalty);
        builder.Services.AddServiceClient<ShippingService.ShippingServiceClient>(AppIds.Shipping);
        var app = builder.Build();
        app.MapGrpcService<CheckoutGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
