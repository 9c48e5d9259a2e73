using Checkout.Customer;

await CustomerApp.Build(args).RunAsync();
