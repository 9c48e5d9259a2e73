using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Hosting;
using Grpc.Core;
using Grpc.Health.V1;

namespace Checkout.IntegrationTests;

/// <summary>The services' own gRPC contracts, called directly as other services call them.</summary>
[Collection(MeshCollection.Name)]
public sealed class ServiceGrpcTests(MeshFixture mesh)
{
    public static TheoryData<string> Services => new(AppIds.DefaultPorts.Keys.Where(id => id != AppIds.Bff));

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_answers_the_standard_grpc_health_check(string appId)
    {
        var health = new Health.HealthClient(mesh.Channel(appId));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task Catalog_prices_many_skus_in_one_call_and_flags_what_is_not_sold()
    {
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));
        var request = new GetPricesRequest();
        request.Items.Add(new PriceQuery { ProductId = "PROD-12345", Sku = "SKU-ABC-003" });
        request.Items.Add(new PriceQuery { ProductId = "PROD-10056", Sku = "SKU-10056-01" });
        request.Items.Add(new PriceQuery { ProductId = "PROD-NOPE", Sku = "SKU-NOPE" });

        var prices = (await catalog.GetPricesAsync(request)).Prices;

        Assert.Equal(3, prices.Count);
        Assert.Equal(26999, prices[0].Price.MinorUnits);
        Assert.True(prices[0].Sold);
        Assert.False(prices[1].Sold);
        Assert.False(prices[2].Sold);
        Assert.Null(prices[2].Price);
    }

    [Fact]
    public async Task Inventory_reports_every_warehouse_and_refuses_negative_stock()
    {
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        var request = new GetAvailabilityRequest();
        request.Skus.Add("SKU-ABC-001");

        var levels = (await inventory.GetAvailabilityAsync(request)).Levels;

        Assert.True(levels.Count >= 3);
        Assert.Contains(levels, l => l.WarehouseId == "US-WEST-01" && l.Available > 0);

        var error = await Assert.ThrowsAsync<RpcException>(() => inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-ABC-001", WarehouseId = "US-WEST-01", OnHand = -1 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_reservation_holds_stock_all_or_nothing_and_release_gives_it_back()
    {
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        await inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-10043-01", WarehouseId = "US-WEST-01", OnHand = 5 });
        await inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-10044-01", WarehouseId = "US-WEST-01", OnHand = 1 });

        var tooMuch = new ReserveStockRequest { ReservationId = "R-GRPC-1" };
        tooMuch.Lines.Add(new ReservationLine { Sku = "SKU-10043-01", WarehouseId = "US-WEST-01", Quantity = 2 });
        tooMuch.Lines.Add(new ReservationLine { Sku = "SKU-10044-01", WarehouseId = "US-WEST-01", Quantity = 2 });
        var error = await Assert.ThrowsAsync<RpcException>(() => inventory.ReserveStockAsync(tooMuch).ResponseAsync);
        Assert.Equal("OUT_OF_STOCK", RpcErrors.ReasonOf(error));
        Assert.Equal(5, await AvailableAsync(inventory, "SKU-10043-01"));

        var fits = new ReserveStockRequest { ReservationId = "R-GRPC-2" };
        fits.Lines.Add(new ReservationLine { Sku = "SKU-10043-01", WarehouseId = "US-WEST-01", Quantity = 2 });
        await inventory.ReserveStockAsync(fits);
        await inventory.ReserveStockAsync(fits);
        Assert.Equal(3, await AvailableAsync(inventory, "SKU-10043-01"));

        await inventory.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = "R-GRPC-2" });
        Assert.Equal(5, await AvailableAsync(inventory, "SKU-10043-01"));
    }

    private static async Task<int> AvailableAsync(InventoryService.InventoryServiceClient inventory, string sku)
    {
        var request = new GetAvailabilityRequest { WarehouseId = "US-WEST-01" };
        request.Skus.Add(sku);
        return (await inventory.GetAvailabilityAsync(request)).Levels.Single().Available;
    }

    [Fact]
    public async Task Cart_refuses_bad_requests_with_a_reason_naming_the_field()
    {
        var carts = new CartService.CartServiceClient(mesh.Channel(AppIds.Cart));

        var error = await Assert.ThrowsAsync<RpcException>(() => carts.AddItemAsync(new AddItemRequest
        {
            CustomerId = "CUST-GRPC-1",
            ProductId = "PROD-12345",
            Sku = "SKU-ABC-001",
            Name = "Premium Wireless Headphones",
            WarehouseId = "US-WEST-01",
            Quantity = 0,
            UnitPrice = Checkout.Platform.Money.MoneyExtensions.Cents(24999),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("INVALID_QUANTITY", RpcErrors.ReasonOf(error));
        Assert.Empty((await carts.GetCartAsync(new GetCartRequest { CustomerId = "CUST-GRPC-1" })).Cart.Items);
    }
}
