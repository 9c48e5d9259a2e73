using Checkout.Platform.Hosting;
using Checkout.Platform.State;

namespace Checkout.Inventory;

/// <summary>
/// Inventory service. Stores: one entry per (warehouse, SKU) with its holds, the
/// warehouse list, and reservations (reservation:{id}). Calls: nothing. Consumes:
/// order.created (confirms the order's reservation).
/// </summary>
public static class InventoryApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Inventory, args, overrides);
        builder.Services.AddSingleton<ReservationStore>();
        builder.Services.AddSingleton<WarehouseDirectory>();
        builder.Services.AddEventConsumer<OrderCreatedHandler>();
        // Seeds the demo stock on first run, before the app takes calls.
        builder.Services.AddStartupTask((services, ct) => StockSeed.EnsureSeededAsync(services.GetRequiredService<IStateStore>(), ct));
        var app = builder.Build();
        app.MapDomainService<InventoryGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
