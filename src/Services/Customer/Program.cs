using Checkout.Customer;

var app = CustomerApp.Build(args);
await CustomerApp.InitializeAsync(app);
await app.RunAsync();
