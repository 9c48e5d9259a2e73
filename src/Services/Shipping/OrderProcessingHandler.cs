using Checkout.Contracts.Events;
using Checkout.Contracts.Order.V1;
using Checkout.Platform.Events;
using Checkout.Platform.State;

namespace Checkout.Shipping;

/// <summary>
/// order.processing: fulfilment starts; the shipment gets its tracking number, and the order
/// is told it, so the customer sees it. Once per event.
/// </summary>
public sealed class OrderProcessingHandler(IStateStore store, OrderService.OrderServiceClient orders, TimeProvider clock) : IEventConsumer
{
    public string Topic => OrderTopics.Processing;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderProcessingData>();
        var trackingNumber = ShipmentRecord.TrackingNumberOf(order.OrderId);

        // The order hears the number before the event counts as handled here: after a crash
        // between the two the event comes again and the call repeats, which Order takes as a no-op.
        await orders.RecordShipmentAsync(new RecordShipmentRequest { OrderId = order.OrderId, TrackingNumber = trackingNumber }, cancellationToken: cancellationToken);
        await store.ApplyOnceAsync(cloudEvent.Id, async ct =>
        {
            var key = ShipmentRecord.Key(order.OrderId);
            var stored = await store.GetJsonAsync<ShipmentRecord>(key, ct);
            var method = ShippingRates.Find(order.Shipping.Method) ?? ShippingRates.Methods[0];
            var shipment = (stored?.Value ?? new ShipmentRecord(
                $"SHP-{order.OrderId}", order.OrderId, method.Name, order.Shipping.Warehouse, null, "CREATED",
                ShippingRates.EstimatedDelivery(method, clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
                with
            { Status = "FULFILLING", TrackingNumber = trackingNumber };
            return [StateOperation.Upsert(key, JsonStateExtensions.Serialize(shipment), stored?.ETag ?? ETags.MustNotExist)];
        }, cancellationToken);
    }
}
