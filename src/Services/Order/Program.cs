using Checkout.Order;

await OrderApp.Build(args).RunAsync();
