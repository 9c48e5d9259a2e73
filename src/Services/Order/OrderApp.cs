using Checkout.Platform.Hosting;

namespace Checkout.Order;

/// <summary>
/// Order service. Stores: orders (order:{id}), each customer's order ids newest first in
/// pages of 50 (orders-of:{customerId}, older pages orders-of:{customerId}:{n}), the last
/// order number reserved in each year (order-seq:{year}, a block of 100 at a time) and the outbox.
/// Publishes: order.created (on CONFIRMED), order.processing (on PROCESSING), both through
/// the transactional outbox. Consumes: order.created (moves the order to PROCESSING).
/// Calls: nothing (Checkout's submission saga drives an order to CONFIRMED or PAYMENT_FAILED,
/// and its recovery finishes what a crash cut off; Shipping records the tracking number, RecordShipment).
/// </summary>
public static class OrderApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Order, args, overrides);
        builder.Services.AddOutbox();
        builder.Services.AddSingleton<OrderNumbers>();
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddEventConsumer<OrderCreatedHandler>();
        var app = builder.Build();
        app.MapDomainService<OrderGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
