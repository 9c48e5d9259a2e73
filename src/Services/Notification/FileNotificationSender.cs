namespace Checkout.Notification;

/// <summary>
/// The embedded default: every message becomes a text file in
/// <c>{Checkout:DataDirectory}/notifications/</c> (for the standalone runner,
/// <c>src/Standalone/.data/notifications/</c>), named after the time, the order and the channel.
/// </summary>
public sealed class FileNotificationSender(IConfiguration configuration) : INotificationSender
{
    public string Directory { get; } = Path.GetFullPath(Path.Combine(configuration["Checkout:DataDirectory"] ?? ".data", "notifications"));

    public async Task SendAsync(NotificationRecord notification, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var file = Path.Combine(Directory, $"{notification.SentAt:yyyyMMddTHHmmss}-{notification.OrderId}-{notification.Channel}.txt");
        await File.WriteAllTextAsync(file, $"To: {notification.Recipient}\n{(notification.Subject.Length > 0 ? $"Subject: {notification.Subject}\n" : string.Empty)}\n{notification.Body}\n", cancellationToken);
    }
}
