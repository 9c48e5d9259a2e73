using Checkout.Contracts.Events;
using Checkout.Platform.Events;

namespace Checkout.Order;

/// <summary>
/// order.created is out: the order moves on to PROCESSING and order.processing follows.
/// The transition only happens from CONFIRMED, so a duplicate delivery changes nothing.
/// </summary>
public sealed class OrderCreatedHandler(OrderStore orders) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken) =>
        orders.StartProcessingAsync(cloudEvent.DataAs<OrderCreatedData>().OrderId, cancellationToken);
}
