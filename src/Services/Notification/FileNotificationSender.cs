using System.Globalization;
using System.Text;

namespace Checkout.Notification;

/// <summary>
/// The embedded default: every message is appended to a mailbox file of its day (UTC),
/// <c>{Checkout:DataDirectory}/notifications/{yyyy-MM-dd}.mbox</c> (for the standalone runner,
/// <c>src/Standalone/.data/notifications/</c>), which <c>mail -f</c> or any mail reader opens.
/// One file per day rather than one per message: creating a file costs the file system far
/// more than appending to one, and a directory of one file per order grows with the shop.
/// </summary>
public sealed class FileNotificationSender(IConfiguration configuration) : INotificationSender, IDisposable
{
    private readonly Lock _turn = new();
    private FileStream? _file;
    private DateOnly _day;

    public string Directory { get; } = Path.GetFullPath(Path.Combine(configuration["Checkout:DataDirectory"] ?? ".data", "notifications"));

    public static string FileName(DateOnly day) => $"{day:yyyy-MM-dd}.mbox";

    public Task SendAsync(NotificationRecord notification, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var message = Encoding.UTF8.GetBytes(Format(notification));
        lock (_turn)
        {
            // One write of the whole message, in turn: a message is never cut by another, and
            // once this returns it is in the file (the handler marks the event handled after).
            FileOf(DateOnly.FromDateTime(notification.SentAt.UtcDateTime)).Write(message);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_turn)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    /// <summary>
    /// A message in the mbox format: a <c>From </c> line opens it, a blank line ends it, and a
    /// body line that starts with <c>From </c> (after any <c>&gt;</c>) gets one more <c>&gt;</c>
    /// (mboxrd), so no body line can be taken for the start of the next message.
    /// </summary>
    public static string Format(NotificationRecord notification)
    {
        var sentAt = notification.SentAt.ToUniversalTime();
        var text = new StringBuilder()
            // The time as C's asctime writes it (the day of the month padded with a space), as mbox readers expect.
            .Append(CultureInfo.InvariantCulture, $"From checkout {sentAt:ddd MMM} {sentAt.Day,2} {sentAt:HH:mm:ss yyyy}\n")
            .Append(CultureInfo.InvariantCulture, $"To: {notification.Recipient}\n");
        if (notification.Subject.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Subject: {notification.Subject}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Date: {sentAt.ToString("r", CultureInfo.InvariantCulture)}\n")
            .Append(CultureInfo.InvariantCulture, $"X-Channel: {notification.Channel}\n")
            .Append(CultureInfo.InvariantCulture, $"X-Order-Id: {notification.OrderId}\n\n");
        foreach (var line in notification.Body.Split('\n'))
        {
            text.Append(line.TrimStart('>').StartsWith("From ", StringComparison.Ordinal) ? ">" : string.Empty).Append(line).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    private FileStream FileOf(DateOnly day)
    {
        if (_file is null || day != _day)
        {
            _file?.Dispose();
            System.IO.Directory.CreateDirectory(Directory);
            // No buffer of its own: each message is one write, at the end of the file.
            _file = new FileStream(Path.Combine(Directory, FileName(day)), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            _day = day;
        }

        return _file;
    }
}
