using Checkout.Loyalty;

var app = LoyaltyApp.Build(args);
await LoyaltyApp.InitializeAsync(app);
await app.RunAsync();
