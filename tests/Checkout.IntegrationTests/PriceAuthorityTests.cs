using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Hosting;
using Grpc.Core;

namespace Checkout.IntegrationTests;

/// <summary>
/// Any process that reaches Checkout's port may call it. What a session charges is still
/// Catalog's: a raw gRPC caller sending its own price, name and category gets Catalog's.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class PriceAuthorityTests(MeshFixture mesh)
{
    private CheckoutService.CheckoutServiceClient Checkout => new(mesh.Channel(AppIds.Checkout));

    [Fact]
    public async Task A_session_created_with_a_one_cent_price_charges_catalogs_price()
    {
        var request = new CreateSessionRequest { CustomerId = "CUST-RAW-CALLER" };
        request.Items.Add(new SessionItem
        {
            ProductId = "PROD-12345",
            Sku = "SKU-ABC-001",
            Name = "A free television",
            Quantity = 2,
            UnitPrice = new Contracts.Common.V1.Money { MinorUnits = 1, CurrencyCode = "USD" },
            WarehouseId = "US-WEST-01",
            Category = "clearance",
        });

        var session = (await Checkout.CreateSessionAsync(request)).Session;

        var item = Assert.Single(session.Items);
        Assert.Equal(("Premium Wireless Headphones", 24_999L, "audio"), (item.Name, item.UnitPrice.MinorUnits, item.Category));
        Assert.Equal(49_998L, session.Subtotal.MinorUnits);
    }

    [Fact]
    public async Task A_session_of_a_sku_catalog_does_not_sell_is_refused()
    {
        var request = new CreateSessionRequest { CustomerId = "CUST-RAW-CALLER" };
        request.Items.Add(new SessionItem { ProductId = "PROD-12345", Sku = "SKU-MADE-UP", Name = "x", Quantity = 1, UnitPrice = new Contracts.Common.V1.Money { MinorUnits = 1, CurrencyCode = "USD" }, WarehouseId = "US-WEST-01" });

        var refused = await Assert.ThrowsAsync<RpcException>(() => Checkout.CreateSessionAsync(request).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "PRODUCT_NOT_AVAILABLE"), (refused.StatusCode, RpcErrors.ReasonOf(refused)));
    }
}
