using Checkout.Platform.State;

namespace Checkout.Notification;

/// <summary>Where messages go. The embedded default writes files; a real shop plugs in an e-mail and an SMS provider.</summary>
public interface INotificationSender
{
    Task SendAsync(NotificationRecord notification, CancellationToken cancellationToken);
}

/// <summary>A message sent to a customer; also listed by the service (key <c>notifications:{customerId}</c>).</summary>
public sealed record NotificationRecord(string NotificationId, string CustomerId, string Channel, string Recipient, string Subject, string Body, string OrderId, DateTimeOffset SentAt) : IImmutableState;

/// <summary>
/// The newest <see cref="Kept"/> messages sent to a customer, oldest first. Bounded, so an
/// order writes the same amount for a customer's first order as for their thousandth (the
/// messages themselves went out through <see cref="INotificationSender"/>).
/// </summary>
public sealed record NotificationList(IReadOnlyList<NotificationRecord> Items) : IImmutableState
{
    public const int Kept = 50;

    public static readonly NotificationList Empty = new([]);

    public static string Key(string customerId) => $"notifications:{customerId}";

    public NotificationList With(IReadOnlyList<NotificationRecord> sent) => new([.. Items.Concat(sent).TakeLast(Kept)]);
}
