using Checkout.CheckoutService;

await CheckoutApp.Build(args).RunAsync();
