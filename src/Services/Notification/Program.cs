using Checkout.Notification;

await NotificationApp.Build(args).RunAsync();
