using System.Globalization;
using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.State;

namespace Checkout.Notification;

/// <summary>
/// order.created: sends the order confirmation by e-mail and, when the customer has a
/// phone number, by SMS. Sending happens before the event is marked handled, so a crash
/// can repeat a message but never lose one; a duplicate delivery sends nothing.
/// </summary>
public sealed class OrderConfirmationHandler(IStateStore store, INotificationSender sender, TimeProvider clock) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderCreatedData>();
        return store.ApplyOnceAsync(cloudEvent.Id, async ct =>
        {
            var now = clock.GetUtcNow();
            var total = order.Totals.Total.ToString("0.00", CultureInfo.InvariantCulture);
            var messages = new List<NotificationRecord>
            {
                new($"{order.OrderId}-email", order.CustomerId, "email", order.Customer.Email,
                    $"Your order {order.OrderNumber} is confirmed",
                    $"Thank you for your order {order.OrderNumber}.\n" +
                    string.Join("\n", order.Items.Select(i => $"  {i.Quantity} x {i.Name} ({i.Sku})  {i.TotalPrice.ToString("0.00", CultureInfo.InvariantCulture)}")) +
                    $"\nTotal charged: {total} {order.Totals.Currency}\nWe will let you know when it ships.",
                    order.OrderId, now),
            };
            if (!string.IsNullOrEmpty(order.Customer.Phone))
            {
                messages.Add(new($"{order.OrderId}-sms", order.CustomerId, "sms", order.Customer.Phone, string.Empty,
                    $"Order {order.OrderNumber} confirmed: {total} {order.Totals.Currency}.", order.OrderId, now));
            }

            foreach (var message in messages)
            {
                await sender.SendAsync(message, ct);
            }

            var key = NotificationList.Key(order.CustomerId);
            var list = await store.GetJsonAsync<NotificationList>(key, ct);
            var updated = (list?.Value ?? NotificationList.Empty).With(messages);
            return [StateOperation.Upsert(key, JsonStateExtensions.Serialize(updated), list?.ETag ?? ETags.MustNotExist)];
        }, cancellationToken);
    }
}
