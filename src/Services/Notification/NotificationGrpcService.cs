using Checkout.Contracts.Notification.V1;
using Checkout.Platform.State;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.Notification;

public sealed class NotificationGrpcService(IStateStore store) : NotificationService.NotificationServiceBase
{
    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var list = await store.GetJsonAsync<NotificationList>(NotificationList.Key(request.CustomerId), context.CancellationToken);
        var response = new ListNotificationsResponse();
        response.Notifications.AddRange((list?.Value.Items ?? []).Select(n => new Contracts.Notification.V1.Notification
        {
            NotificationId = n.NotificationId,
            CustomerId = n.CustomerId,
            Channel = n.Channel == "sms" ? Channel.Sms : Channel.Email,
            Recipient = n.Recipient,
            Subject = n.Subject,
            Body = n.Body,
            OrderId = n.OrderId,
            SentAt = Timestamp.FromDateTimeOffset(n.SentAt),
        }));
        return response;
    }
}
