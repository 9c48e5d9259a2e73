using Checkout.Platform.Hosting;

namespace Checkout.Notification;

/// <summary>
/// Notification service. Consumes: order.created (confirmation e-mail and SMS). Stores:
/// what was sent per customer (notifications:{customerId}). Sends through
/// <see cref="INotificationSender"/> (files by default, see <see cref="FileNotificationSender"/>).
/// </summary>
public static class NotificationApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Notification, args, overrides);
        builder.Services.AddSingleton<INotificationSender, FileNotificationSender>();
        builder.Services.AddEventConsumer<OrderConfirmationHandler>();
        var app = builder.Build();
        app.MapDomainService<NotificationGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
