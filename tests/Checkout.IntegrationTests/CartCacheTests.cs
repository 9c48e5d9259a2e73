using System.Net;
using System.Net.Http.Json;
using Checkout.Contracts.Catalog.V1;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;

namespace Checkout.IntegrationTests;

[Collection(MeshCollection.Name)]
public sealed class CartCacheTests(MeshFixture mesh)
{
    [Fact]
    public async Task A_cached_cart_is_served_until_a_change_then_reloaded_with_current_prices()
    {
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));
        using var client = await mesh.CustomerAsync("CUST-CACHE-1");
        await (await client.AddItemAsync("PROD-10015", "SKU-10015-01", 2, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-002", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);
        var before = (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        var oldPrice = before.GetProperty("items")[0].Money("unitPrice");

        await catalog.SetPriceAsync(new SetPriceRequest { ProductId = "PROD-10015", Sku = "SKU-10015-01", Price = MoneyExtensions.Cents(1234) });

        // Within the cache's 5 minutes and with no change, the cart is served from the cache.
        var cached = (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal(oldPrice, cached.GetProperty("items")[0].Money("unitPrice"));

        // A change invalidates; the next read misses and refreshes prices from Catalog.
        await (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-002", new { quantity = 2 })).ReadAsync(HttpStatusCode.OK);
        var fresh = (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");

        var repriced = fresh.GetProperty("items")[0];
        Assert.Equal(12.34m, repriced.Money("unitPrice"));
        Assert.Equal(24.68m, repriced.Money("totalPrice"));
        Assert.Equal(24.68m + (2 * 249.99m), fresh.GetProperty("totals").Money("subtotal"));

        // The refreshed price was written back to the cart, not only shown.
        var stored = await new Contracts.Cart.V1.CartService.CartServiceClient(mesh.Channel(AppIds.Cart))
            .GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = "CUST-CACHE-1" });
        Assert.Equal(1234, stored.Cart.Items[0].UnitPrice.MinorUnits);
    }
}
