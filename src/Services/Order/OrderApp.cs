using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;

namespace Checkout.Order;

/// <summary>
/// Order service. Stores: orders (order:{id}), each customer's order ids newest first
/// (orders-of:{customerId}), order-number counters (order-seq:{year}), the ids of orders
/// awaiting payment (orders-awaiting-payment) and the outbox.
/// Publishes: order.created (on CONFIRMED), order.processing (on PROCESSING), both through
/// the transactional outbox. Consumes: order.created (moves the order to PROCESSING).
/// Calls: Payment and Loyalty, to settle orders a submission left PENDING_PAYMENT (<see cref="PaymentReconciler"/>).
/// </summary>
public static class OrderApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Order, args, overrides);
        builder.Services.AddOutbox();
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddEventHandler<OrderCreatedHandler>();
        builder.Services.AddServiceClient<PaymentService.PaymentServiceClient>(AppIds.Payment);
        builder.Services.AddServiceClient<LoyaltyService.LoyaltyServiceClient>(AppIds.Loyalty);
        builder.Services.AddSingleton<PaymentReconciler>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<PaymentReconciler>());
        var app = builder.Build();
        app.MapGrpcService<OrderGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
