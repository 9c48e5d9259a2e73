using Checkout.Catalog;
using Checkout.Inventory;

namespace Checkout.UnitTests.Inventory;

public sealed class StockRecordTests
{
    private static readonly DateTimeOffset Now = new(2024, 8, 10, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Live_holds_reduce_availability_and_expired_ones_do_not_even_at_their_expiry()
    {
        var record = new StockRecord("SKU-1", "US-WEST-01", 10,
        [
            new StockHold("R-1", 3, Now.AddMinutes(15)),
            new StockHold("R-2", 4, Now.AddMinutes(-1)),
            new StockHold("R-3", 5, Now),
        ]);

        Assert.Equal(3, record.Reserved(Now));
        Assert.Equal(7, record.Available(Now));
    }

    [Fact]
    public void Availability_never_goes_below_zero()
    {
        var record = new StockRecord("SKU-1", "US-WEST-01", 2, [new StockHold("R-1", 5, Now.AddMinutes(15))]);
        Assert.Equal(0, record.Available(Now));
    }

    [Fact]
    public void The_seed_stocks_every_catalog_sku_in_at_least_three_warehouses()
    {
        var seed = StockSeed.Load();
        Assert.True(seed.Warehouses.Count >= 3);
        Assert.Contains(seed.Warehouses, w => w.WarehouseId == "US-WEST-01");

        var stocked = seed.Stock.Select(s => (s.Sku, s.WarehouseId)).ToHashSet();
        foreach (var sku in CatalogSeed.Load().Products.SelectMany(p => p.Skus))
        {
            Assert.All(seed.Warehouses, w => Assert.Contains((sku.Sku, w.WarehouseId), stocked));
        }

        Assert.All(seed.Stock, s => Assert.True(s.OnHand >= 0));
    }
}
