using Checkout.Loyalty;

await LoyaltyApp.Build(args).RunAsync();
