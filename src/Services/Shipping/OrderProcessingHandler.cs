using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.State;

namespace Checkout.Shipping;

/// <summary>order.processing: fulfilment starts; the shipment gets its tracking number. Once per event.</summary>
public sealed class OrderProcessingHandler(IStateStore store, TimeProvider clock) : IEventConsumer
{
    public string Topic => OrderTopics.Processing;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderProcessingData>();
        return store.ApplyOnceAsync(cloudEvent.Id, async ct =>
        {
            var key = ShipmentRecord.Key(order.OrderId);
            var stored = await store.GetJsonAsync<ShipmentRecord>(key, ct);
            var method = ShippingRates.Find(order.Shipping.Method) ?? ShippingRates.Methods[0];
            var shipment = (stored?.Value ?? new ShipmentRecord(
                $"SHP-{order.OrderId}", order.OrderId, method.Name, order.Shipping.Warehouse, null, "CREATED",
                ShippingRates.EstimatedDelivery(method, clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
                with
            { Status = "FULFILLING", TrackingNumber = $"TRK{order.OrderId.Replace("ORD-", string.Empty, StringComparison.Ordinal)}" };
            return [StateOperation.Upsert(key, JsonStateExtensions.Serialize(shipment), stored?.ETag ?? ETags.MustNotExist)];
        }, cancellationToken);
    }
}
