using Checkout.Contracts.Events;
using Checkout.Platform.Events;

namespace Checkout.Cart;

/// <summary>
/// order.created: takes out of the cart what the order bought, and nothing else: lines
/// added, or quantities raised, after the checkout began stay. Once per order, so a late
/// duplicate, or the submission having done it already, changes nothing.
/// </summary>
public sealed class OrderCreatedHandler(CartStore carts) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderCreatedData>();
        var ordered = order.Items.Select(i => new OrderedLine(i.ProductId, i.Sku, i.Warehouse ?? string.Empty, i.Quantity)).ToList();
        return carts.RemoveOrderedAsync(order.CustomerId, order.OrderId, ordered, cancellationToken);
    }
}
