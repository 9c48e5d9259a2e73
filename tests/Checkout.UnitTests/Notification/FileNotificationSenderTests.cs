using Checkout.Notification;
using Microsoft.Extensions.Configuration;

namespace Checkout.UnitTests.Notification;

public sealed class FileNotificationSenderTests
{
    [Fact]
    public async Task An_email_has_its_subject_line_and_an_sms_has_none()
    {
        var data = Directory.CreateTempSubdirectory("notifications");
        try
        {
            var sender = new FileNotificationSender(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Checkout:DataDirectory"] = data.FullName }).Build());
            var sentAt = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

            await sender.SendAsync(new NotificationRecord("N-1", "CUST-1", "email", "a@example.com", "Your order ORD-1", "Thanks.", "ORD-1", sentAt), CancellationToken.None);
            await sender.SendAsync(new NotificationRecord("N-2", "CUST-1", "sms", "+14155550123", string.Empty, "ORD-1 confirmed.", "ORD-1", sentAt), CancellationToken.None);

            Assert.Equal("To: a@example.com\nSubject: Your order ORD-1\n\nThanks.\n", await File.ReadAllTextAsync(Path.Combine(sender.Directory, "20260601T120000-ORD-1-email.txt")));
            Assert.Equal("To: +14155550123\n\nORD-1 confirmed.\n", await File.ReadAllTextAsync(Path.Combine(sender.Directory, "20260601T120000-ORD-1-sms.txt")));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
