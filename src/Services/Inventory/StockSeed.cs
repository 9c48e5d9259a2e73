using System.Text.Json;
using Checkout.Platform.State;

namespace Checkout.Inventory;

/// <summary>The demo stock (Seed/stock.json, embedded): every catalog SKU in three warehouses.</summary>
public static class StockSeed
{
    public sealed record SeedLine(string Sku, string WarehouseId, int OnHand);

    public sealed record SeedData(IReadOnlyList<WarehouseRecord> Warehouses, IReadOnlyList<SeedLine> Stock);

    public static SeedData Load()
    {
        using var stream = typeof(StockSeed).Assembly.GetManifestResourceStream("stock.json")
            ?? throw new InvalidOperationException("stock.json is not embedded.");
        return JsonSerializer.Deserialize<SeedData>(stream, JsonStateExtensions.Options)
            ?? throw new InvalidDataException("stock.json is empty.");
    }

    /// <summary>Writes the seed in one transaction the first time; a store that has warehouses is left alone.</summary>
    public static async Task EnsureSeededAsync(IStateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(WarehouseList.Key, cancellationToken) is not null)
        {
            return;
        }

        var seed = Load();
        var operations = seed.Stock
            .Select(line => StateOperation.Upsert(
                StockRecord.Key(line.WarehouseId, line.Sku),
                JsonStateExtensions.Serialize(new StockRecord(line.Sku, line.WarehouseId, line.OnHand, [])),
                ETags.MustNotExist))
            .Append(StateOperation.Upsert(WarehouseList.Key, JsonStateExtensions.Serialize(new WarehouseList(seed.Warehouses)), ETags.MustNotExist))
            .ToList();
        await store.TryTransactAsync(operations, cancellationToken);
    }
}
