using System.Net;
using System.Net.Http.Json;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>Flows 1 and 2 over real HTTP through the BFF, as the seed's JSON examples show them.</summary>
[Collection(MeshCollection.Name)]
public sealed class CartApiTests(MeshFixture mesh)
{
    [Fact]
    public async Task Add_to_cart_answers_in_the_seed_shape()
    {
        using var client = await mesh.CustomerAsync("CUST-ADD-1");

        var body = await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 2, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);

        Assert.True(body.GetProperty("success").GetBoolean());
        var cart = body.GetProperty("cart");
        Assert.StartsWith("CART-", cart.GetProperty("id").GetString());
        Assert.Equal("CUST-ADD-1", cart.GetProperty("customerId").GetString());
        var item = Assert.Single(cart.GetProperty("items").EnumerateArray());
        Assert.Equal("CART_ITEM-001", item.GetProperty("id").GetString());
        Assert.Equal("PROD-12345", item.GetProperty("productId").GetString());
        Assert.Equal("SKU-ABC-001", item.GetProperty("sku").GetString());
        Assert.Equal("Premium Wireless Headphones", item.GetProperty("name").GetString());
        Assert.Equal(2, item.GetProperty("quantity").GetInt32());
        Assert.Equal(249.99m, item.Money("unitPrice"));
        Assert.Equal(499.98m, item.Money("totalPrice"));
        Assert.Equal("US-WEST-01", item.GetProperty("warehouse").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", item.GetProperty("addedAt").GetString());
        var totals = cart.GetProperty("totals");
        Assert.Equal(499.98m, totals.Money("subtotal"));
        Assert.Equal(2, totals.GetProperty("itemCount").GetInt32());
        Assert.Equal("USD", totals.GetProperty("currency").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", cart.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task The_same_product_sku_and_warehouse_merge_and_the_cart_reads_back()
    {
        using var client = await mesh.CustomerAsync("CUST-MERGE-1");
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 2, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-003", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);

        var cart = (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");

        var items = cart.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(3, items[0].GetProperty("quantity").GetInt32());
        Assert.Equal((3 * 249.99m) + 269.99m, cart.GetProperty("totals").Money("subtotal"));
        Assert.Equal(4, cart.GetProperty("totals").GetProperty("itemCount").GetInt32());
    }

    [Fact]
    public async Task Updating_a_quantity_recalculates_and_zero_removes()
    {
        using var client = await mesh.CustomerAsync("CUST-UPD-1");
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 2, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);

        var updated = (await (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 3 })).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal(749.97m, updated.GetProperty("totals").Money("subtotal"));
        Assert.Equal(749.97m, (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("totals").Money("subtotal"));

        var emptied = (await (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 0 })).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Empty(emptied.GetProperty("items").EnumerateArray());
        Assert.Equal(0, emptied.GetProperty("totals").GetProperty("itemCount").GetInt32());
    }

    [Fact]
    public async Task Removing_an_item_and_then_removing_it_again()
    {
        using var client = await mesh.CustomerAsync("CUST-DEL-1");
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-002", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);

        var cart = (await (await client.DeleteAsync("/api/v1/cart/items/CART_ITEM-001")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal("CART_ITEM-002", Assert.Single(cart.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        var message = await (await client.DeleteAsync("/api/v1/cart/items/CART_ITEM-001")).ErrorAsync(HttpStatusCode.NotFound, "CART_ITEM_NOT_FOUND");
        Assert.Contains("CART_ITEM-001", message);
    }

    [Fact]
    public async Task Out_of_stock_is_400_naming_the_sku_and_what_is_available_and_writes_nothing()
    {
        var inventory = new Contracts.Inventory.V1.InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        await inventory.SetStockAsync(new() { Sku = "SKU-10002-01", WarehouseId = "US-EAST-01", OnHand = 3 });
        using var client = await mesh.CustomerAsync("CUST-OOS-1");
        await (await client.AddItemAsync("PROD-10002", "SKU-10002-01", 2, "US-EAST-01")).ReadAsync(HttpStatusCode.OK);

        var message = await (await client.AddItemAsync("PROD-10002", "SKU-10002-01", 2, "US-EAST-01")).ErrorAsync(HttpStatusCode.BadRequest, "OUT_OF_STOCK");

        Assert.Contains("SKU-10002-01", message);
        Assert.Contains("3 available", message);
        var stored = await new CartService.CartServiceClient(mesh.Channel(AppIds.Cart)).GetCartAsync(new GetCartRequest { CustomerId = "CUST-OOS-1" });
        Assert.Equal(2, Assert.Single(stored.Cart.Items).Quantity);

        var raised = await (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 4 })).ErrorAsync(HttpStatusCode.BadRequest, "OUT_OF_STOCK");
        Assert.Contains("3 available", raised);
    }

    [Theory]
    [InlineData("PROD-99999", "SKU-ABC-001", 1, "US-WEST-01", HttpStatusCode.NotFound, "PRODUCT_NOT_FOUND", "PROD-99999")]
    [InlineData("PROD-12345", "SKU-NOPE", 1, "US-WEST-01", HttpStatusCode.NotFound, "SKU_NOT_FOUND", "SKU-NOPE")]
    [InlineData("PROD-12345", "SKU-ABC-001", 0, "US-WEST-01", HttpStatusCode.BadRequest, "INVALID_QUANTITY", "quantity")]
    [InlineData("PROD-12345", "SKU-ABC-001", 100, "US-WEST-01", HttpStatusCode.BadRequest, "INVALID_QUANTITY", "quantity")]
    [InlineData("PROD-12345", "SKU-ABC-001", 1, "", HttpStatusCode.BadRequest, "INVALID_WAREHOUSE_ID", "warehouseId")]
    [InlineData("PROD-12345", "SKU-ABC-001", 1, "MARS-01", HttpStatusCode.BadRequest, "INVALID_WAREHOUSE_ID", "warehouseId")]
    [InlineData("", "SKU-ABC-001", 1, "US-WEST-01", HttpStatusCode.BadRequest, "INVALID_PRODUCT_ID", "productId")]
    [InlineData("PROD-10056", "SKU-10056-01", 1, "US-WEST-01", HttpStatusCode.BadRequest, "PRODUCT_NOT_AVAILABLE", "no longer sold")]
    public async Task Bad_adds_get_a_clear_error_and_write_nothing(string productId, string sku, int quantity, string warehouseId, HttpStatusCode status, string reason, string mentioned)
    {
        var customerId = $"CUST-BAD-{Guid.NewGuid():N}"[..20];
        using var client = await mesh.CustomerAsync(customerId);

        var message = await (await client.AddItemAsync(productId, sku, quantity, warehouseId)).ErrorAsync(status, reason);

        Assert.Contains(mentioned, message);
        var stored = await new CartService.CartServiceClient(mesh.Channel(AppIds.Cart)).GetCartAsync(new GetCartRequest { CustomerId = customerId });
        Assert.Empty(stored.Cart.Items);
    }

    [Fact]
    public async Task A_malformed_body_is_400_without_internals()
    {
        using var client = await mesh.CustomerAsync("CUST-MAL-1");
        using var content = new StringContent("""{"productId": "PROD-12345", "quantity": "lots"}""", System.Text.Encoding.UTF8, "application/json");

        await (await client.PostAsync("/api/v1/cart/items", content)).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task An_update_without_a_quantity_is_refused_not_treated_as_a_removal()
    {
        using var client = await mesh.CustomerAsync("CUST-NOQ-1");
        await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);

        var message = await (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { })).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_QUANTITY");

        Assert.Contains("quantity", message);
        Assert.Single((await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task One_customer_cannot_touch_another_customers_cart()
    {
        using var alice = await mesh.CustomerAsync("CUST-ALICE");
        using var bob = await mesh.CustomerAsync("CUST-BOB");
        await (await alice.AddItemAsync("PROD-12345", "SKU-ABC-001", 1, "US-WEST-01")).ReadAsync(HttpStatusCode.OK);

        await (await bob.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 5 })).ErrorAsync(HttpStatusCode.NotFound, "CART_ITEM_NOT_FOUND");
        await (await bob.DeleteAsync("/api/v1/cart/items/CART_ITEM-001")).ErrorAsync(HttpStatusCode.NotFound, "CART_ITEM_NOT_FOUND");

        var bobsCart = (await (await bob.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Empty(bobsCart.GetProperty("items").EnumerateArray());
        var alicesCart = (await (await alice.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal(1, Assert.Single(alicesCart.GetProperty("items").EnumerateArray()).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Concurrent_adds_to_one_cart_all_land()
    {
        using var client = await mesh.CustomerAsync("CUST-CONC-1");
        string[] products = ["PROD-10001", "PROD-10002", "PROD-10004", "PROD-10005", "PROD-10008", "PROD-10009", "PROD-10011", "PROD-10012"];

        var inventory = new Contracts.Inventory.V1.InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        foreach (var product in products)
        {
            await inventory.SetStockAsync(new() { Sku = $"SKU-{product[5..]}-01", WarehouseId = "US-WEST-01", OnHand = 50 });
        }

        var responses = await Task.WhenAll(products.Select(p => client.AddItemAsync(p, $"SKU-{p[5..]}-01", 1, "US-WEST-01")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var cart = (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal(products.Length, cart.GetProperty("items").GetArrayLength());
        Assert.Equal(products.Length, cart.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(products.Length, cart.GetProperty("totals").GetProperty("itemCount").GetInt32());
    }
}
