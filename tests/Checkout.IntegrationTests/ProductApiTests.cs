using System.Net;

namespace Checkout.IntegrationTests;

[Collection(MeshCollection.Name)]
public sealed class ProductApiTests(MeshFixture mesh)
{
    [Fact]
    public async Task Products_are_paged_and_filtered_by_category_without_a_token()
    {
        var page = await (await mesh.Anonymous.GetAsync("/api/v1/products?category=audio&page=1&pageSize=3")).ReadAsync(HttpStatusCode.OK);

        Assert.Equal(3, page.GetProperty("products").GetArrayLength());
        Assert.All(page.GetProperty("products").EnumerateArray(), p => Assert.Equal("audio", p.GetProperty("category").GetString()));
        var total = page.GetProperty("totalCount").GetInt32();
        Assert.True(total > 3);
        Assert.Equal((total + 2) / 3, page.GetProperty("totalPages").GetInt32());
        Assert.Contains("kitchen", page.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));

        var all = await (await mesh.Anonymous.GetAsync("/api/v1/products?pageSize=100")).ReadAsync(HttpStatusCode.OK);
        Assert.True(all.GetProperty("totalCount").GetInt32() >= 50);
    }

    [Fact]
    public async Task A_page_size_over_the_limit_is_400_naming_the_field()
    {
        var message = await (await mesh.Anonymous.GetAsync("/api/v1/products?pageSize=1000")).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_PAGE_SIZE");
        Assert.Contains("pageSize", message);
    }

    [Fact]
    public async Task A_product_comes_with_prices_stock_by_warehouse_and_promotions()
    {
        var product = await (await mesh.Anonymous.GetAsync("/api/v1/products/PROD-12345")).ReadAsync(HttpStatusCode.OK);

        Assert.Equal("Premium Wireless Headphones", product.GetProperty("name").GetString());
        var sku = product.GetProperty("skus").EnumerateArray().Single(s => s.GetProperty("sku").GetString() == "SKU-ABC-001");
        Assert.Equal(249.99m, sku.Money("price"));
        var warehouses = product.GetProperty("availability").EnumerateArray()
            .Where(a => a.GetProperty("sku").GetString() == "SKU-ABC-001")
            .Select(a => a.GetProperty("warehouse").GetString())
            .ToList();
        Assert.Contains("US-WEST-01", warehouses);
        Assert.True(warehouses.Count >= 3);
        Assert.Contains("SUMMER2024", product.GetProperty("promotions").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task An_unknown_product_is_404()
    {
        var message = await (await mesh.Anonymous.GetAsync("/api/v1/products/PROD-00000")).ErrorAsync(HttpStatusCode.NotFound, "PRODUCT_NOT_FOUND");
        Assert.Contains("PROD-00000", message);
    }

    [Fact]
    public async Task Unknown_routes_are_404_in_the_error_shape()
    {
        await (await mesh.Anonymous.GetAsync("/api/v1/nothing-here")).ErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_bff_serves_its_openapi_document_and_health()
    {
        var document = await (await mesh.Anonymous.GetAsync("/swagger/v1/swagger.json")).ReadAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/cart/items", paths);
        Assert.Contains("/api/v1/cart/items/{itemId}", paths);
        Assert.Contains("/api/v1/products/{productId}", paths);

        using var health = await mesh.Anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }
}
