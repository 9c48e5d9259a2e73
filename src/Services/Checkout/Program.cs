using Checkout.Checkouts;

await CheckoutApp.Build(args).RunAsync();
