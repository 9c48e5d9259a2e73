using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.State;

namespace Checkout.Cart;

/// <summary>
/// order.created: empties the customer's cart, once per event, so a late duplicate cannot
/// empty a cart the customer has filled again since.
/// </summary>
public sealed class OrderCreatedHandler(IStateStore store) : IEventHandler
{
    public string Topic => OrderTopics.Created;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderCreatedData>();
        return store.ApplyOnceAsync(
            cloudEvent.Id,
            _ => Task.FromResult<IReadOnlyList<StateOperation>>([StateOperation.Delete(CartRecord.Key(order.CustomerId), ETags.Any)]),
            cancellationToken);
    }
}
