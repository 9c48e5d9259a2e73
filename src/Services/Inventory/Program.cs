using Checkout.Inventory;

await InventoryApp.Build(args).RunAsync();
