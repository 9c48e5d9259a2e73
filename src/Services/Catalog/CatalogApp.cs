using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;

namespace Checkout.Catalog;

/// <summary>
/// Catalog service. Stores: one entry per product (product:{id}), the listing order in index
/// pages (catalog:index:{n}, catalog:category:{c}:{n}) and catalog:meta (see
/// <see cref="CatalogLayout"/>). Calls: Inventory
/// (stock). Publishes and consumes: nothing.
/// </summary>
public static class CatalogApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Catalog, args, overrides);
        builder.Services.AddSingleton<CatalogRepository>();
        builder.Services.AddServiceClient<InventoryService.InventoryServiceClient>(AppIds.Inventory);
        // Loads (and on first run seeds) the catalog before the app takes calls.
        builder.Services.AddStartupTask((services, ct) => services.GetRequiredService<CatalogRepository>().LoadAsync(ct));

        var app = builder.Build();
        app.MapDomainService<CatalogGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
