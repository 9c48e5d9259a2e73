using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;

namespace Checkout.Checkouts;

/// <summary>
/// Checkout service: sessions, pricing and the submission saga. Stores: sessions
/// (session:{id}, 30 minutes to submit), each customer's submitting session and last order
/// (checkouts-of:{customerId}), submission records (submission:{orderId}) and the list of
/// those not yet ended (submissions:open:{n}), idempotency keys (idem:{customerId}:{key},
/// 24 hours). Calls: Catalog for the prices of a new session; Promotion, Loyalty and Shipping
/// to price; Inventory, Payment, Order, Loyalty, Promotion, Shipping and Cart to submit.
/// Publishes and consumes: nothing.
/// </summary>
public static class CheckoutApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Checkout, args, overrides);
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<SubmissionStore>();
        builder.Services.AddSingleton<OrderPricer>();
        builder.Services.AddSingleton<SubmissionSaga>();
        builder.Services.AddSingleton<HeldOrders>();
        builder.Services.AddSingleton<CheckoutMetrics>();
        builder.Services.Configure<RecoveryOptions>(builder.Configuration.GetSection(RecoveryOptions.Section));
        builder.Services.AddSingleton<SubmissionRecovery>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<SubmissionRecovery>());
        builder.Services.AddServiceClient<CatalogService.CatalogServiceClient>(AppIds.Catalog);
        builder.Services.AddSingleton<CatalogPrices>();
        builder.Services.AddServiceClient<PromotionService.PromotionServiceClient>(AppIds.Promotion);
        builder.Services.AddServiceClient<LoyaltyService.LoyaltyServiceClient>(AppIds.Loyalty);
        builder.Services.AddServiceClient<ShippingService.ShippingServiceClient>(AppIds.Shipping);
        builder.Services.AddServiceClient<InventoryService.InventoryServiceClient>(AppIds.Inventory);
        builder.Services.AddServiceClient<PaymentService.PaymentServiceClient>(AppIds.Payment);
        builder.Services.AddServiceClient<OrderService.OrderServiceClient>(AppIds.Order);
        builder.Services.AddServiceClient<CartService.CartServiceClient>(AppIds.Cart);
        var app = builder.Build();
        app.MapDomainService<CheckoutGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
