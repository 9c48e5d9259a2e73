using Checkout.Cart;

await CartApp.Build(args).RunAsync();
