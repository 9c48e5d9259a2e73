using Checkout.Contracts.Events;
using Checkout.Platform.Events;

namespace Checkout.Inventory;

/// <summary>
/// order.created: confirms the order's reservation. The BFF confirms it synchronously
/// too; this consumer is the guarantee that a confirmed order's stock is decremented even
/// if that call never happened (confirming twice changes nothing).
/// </summary>
public sealed class OrderCreatedHandler(ReservationStore reservations, ILogger<OrderCreatedHandler> logger) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderCreatedData>();
        if (string.IsNullOrEmpty(order.ReservationId))
        {
            logger.LogWarning("Order {OrderId} names no reservation; nothing to confirm", order.OrderId);
            return;
        }

        await reservations.ConfirmAsync(order.ReservationId, cancellationToken);
    }
}
