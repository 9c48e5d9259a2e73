using Checkout.Contracts.Order.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;

namespace Checkout.Shipping;

/// <summary>
/// Shipping service. Knows the methods and rates (<see cref="ShippingRates"/>). Stores:
/// one shipment per order (shipment:{orderId}). Consumes: order.processing (starts
/// fulfilment). Calls: Order (RecordShipment: the order shows the tracking number).
/// </summary>
public static class ShippingApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Shipping, args, overrides);
        builder.Services.AddEventConsumer<OrderProcessingHandler>();

        // Only the consumer calls Order, and an event waits for it: quotes do not need Order to be up.
        builder.Services.AddServiceClient<OrderService.OrderServiceClient>(AppIds.Order, requiredForReadiness: false);
        var app = builder.Build();
        app.MapDomainService<ShippingGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
