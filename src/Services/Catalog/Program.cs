using Checkout.Catalog;

await CatalogApp.Build(args).RunAsync();
