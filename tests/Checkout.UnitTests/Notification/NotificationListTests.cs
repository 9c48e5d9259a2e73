using Checkout.Notification;

namespace Checkout.UnitTests.Notification;

public sealed class NotificationListTests
{
    [Fact]
    public void Keeps_the_newest_messages_oldest_first()
    {
        var list = NotificationList.Empty;
        for (var i = 1; i <= NotificationList.Kept + 3; i++)
        {
            list = list.With([Message(i)]);
        }

        Assert.Equal(NotificationList.Kept, list.Items.Count);
        Assert.Equal(("N-4", $"N-{NotificationList.Kept + 3}"), (list.Items[0].NotificationId, list.Items[^1].NotificationId));
    }

    private static NotificationRecord Message(int i) =>
        new($"N-{i}", "CUST-1", "email", "a@example.com", "Your order", "Thanks.", $"ORD-{i}", DateTimeOffset.UnixEpoch);
}
