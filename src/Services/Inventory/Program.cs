using Checkout.Inventory;

var app = InventoryApp.Build(args);
await InventoryApp.InitializeAsync(app);
await app.RunAsync();
