namespace Checkout.Notification;

/// <summary>Where messages go. The embedded default writes files; a real shop plugs in an e-mail and an SMS provider.</summary>
public interface INotificationSender
{
    Task SendAsync(NotificationRecord notification, CancellationToken cancellationToken);
}

/// <summary>A message sent to a customer; also listed by the service (key <c>notifications:{customerId}</c>).</summary>
public sealed record NotificationRecord(string NotificationId, string CustomerId, string Channel, string Recipient, string Subject, string Body, string OrderId, DateTimeOffset SentAt);

public sealed record NotificationList(IReadOnlyList<NotificationRecord> Items)
{
    public static string Key(string customerId) => $"notifications:{customerId}";
}
