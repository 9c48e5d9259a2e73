using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.Money;
using Checkout.Platform.State;

namespace Checkout.Customer;

/// <summary>order.created: adds the order to the customer's history and its total to their lifetime value, once per event.</summary>
public sealed class OrderCreatedHandler(IStateStore store) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderCreatedData>();
        return store.ApplyOnceAsync(cloudEvent.Id, async ct =>
        {
            var key = OrderHistory.Key(order.CustomerId);
            var history = await store.GetJsonAsync<OrderHistory>(key, ct);
            var updated = (history?.Value ?? OrderHistory.Empty).With(order.OrderId, MoneyExtensions.FromMajorUnits(order.Totals.Total));
            return [StateOperation.Upsert(key, JsonStateExtensions.Serialize(updated), history?.ETag ?? ETags.MustNotExist)];
        }, cancellationToken);
    }
}
