using Checkout.Promotion;

await PromotionApp.Build(args).RunAsync();
