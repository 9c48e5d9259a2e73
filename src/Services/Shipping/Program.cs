using Checkout.Shipping;

await ShippingApp.Build(args).RunAsync();
