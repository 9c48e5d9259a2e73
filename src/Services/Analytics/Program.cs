using Checkout.Analytics;

await AnalyticsApp.Build(args).RunAsync();
