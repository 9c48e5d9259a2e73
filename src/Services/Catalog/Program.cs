using Checkout.Catalog;

var app = CatalogApp.Build(args);
await CatalogApp.InitializeAsync(app);
await app.RunAsync();
