using Checkout.Bff;

await BffApp.Build(args).RunAsync();
