using System.Net;
using System.Net.Http.Json;
using Checkout.Contracts.Catalog.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Hosting;
using Grpc.Core;

namespace Checkout.IntegrationTests;

/// <summary>
/// Input a client should never send, over real HTTP: every failure is a 400-range answer in
/// the API's error shape that names what is wrong, repeats none of the input, changes
/// nothing, and hurts no other customer.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class HostileInputTests(MeshFixture mesh)
{
    private static readonly string Huge = new('x', 70_000);

    [Fact]
    public async Task A_70000_character_id_is_refused_naming_the_field_while_other_customers_browse_on()
    {
        using var attacker = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        using var browser = new HttpClient { BaseAddress = new Uri(mesh.Mesh.BffAddress) };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attacks = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.Task;
            var results = new List<HttpResponseMessage>();
            for (var i = 0; i < 5; i++)
            {
                results.Add(await attacker.Client.AddItemAsync(Huge[..60_000], "SKU-ABC-001", 1, "US-WEST-01"));
                results.Add(await attacker.Client.GetAsync($"/api/v1/products/{Huge}"));
            }

            return results;
        }).ToList();
        var pages = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.Task;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
            {
                statuses.Add((await browser.GetAsync("/api/v1/products/PROD-12345")).StatusCode);
            }

            return statuses;
        }).ToList();
        start.SetResult();

        Assert.All((await Task.WhenAll(pages)).SelectMany(s => s), status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var response in (await Task.WhenAll(attacks)).SelectMany(r => r))
        {
            var message = response.RequestMessage!.Method == HttpMethod.Post
                ? await response.ErrorAsync(HttpStatusCode.BadRequest, "INVALID_PRODUCT_ID")
                : await response.ErrorAsync(HttpStatusCode.RequestUriTooLong, "URI_TOO_LONG");
            Assert.DoesNotContain("xxxxxxxx", message, StringComparison.Ordinal);
        }

        Assert.Empty((await (await attacker.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_service_never_sends_more_than_512_characters_of_error_and_its_connection_survives()
    {
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));

        var error = await Assert.ThrowsAsync<RpcException>(() => catalog.GetProductAsync(new GetProductRequest { ProductId = Huge }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.True(error.Status.Detail.Length <= RpcErrors.MaxTextLength + 1, $"{error.Status.Detail.Length} characters");
        Assert.True(error.Trailers.GetValueBytes("grpc-status-details-bin")!.Length < 2 * RpcErrors.MaxTextLength, "the rich details are bounded too");
        Assert.Equal("PROD-12345", (await catalog.GetProductAsync(new GetProductRequest { ProductId = "PROD-12345" })).Product.ProductId);
    }

    [Theory]
    [InlineData("street", 201, "INVALID_SHIPPING_ADDRESS.STREET")]
    [InlineData("city", 101, "INVALID_SHIPPING_ADDRESS.CITY")]
    [InlineData("zipCode", 21, "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    public async Task An_address_field_over_its_limit_is_refused_and_no_order_is_made(string field, int length, string reason)
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var session = await shopper.InitiateSessionAsync();
        var address = new Dictionary<string, string> { ["street"] = "1 Main St", ["city"] = "San Francisco", ["state"] = "CA", ["zipCode"] = "94105", ["country"] = "US" };
        address[field] = new string('a', length);
        var body = new { checkoutSessionId = session, shippingAddress = address, paymentMethod = new { id = "PM-TEST-VISA", type = "credit_card" }, shippingMethod = "standard" };

        var message = await (await shopper.Client.PostAsJsonAsync("/api/v1/checkout/submit", body)).ErrorAsync(HttpStatusCode.BadRequest, reason);

        Assert.Contains($"shippingAddress.{field} may be at most {length - 1} characters", message, StringComparison.Ordinal);
        Assert.Empty((await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_before_anything_reads_it()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        var body = new { checkoutSessionId = "CHECKOUT-1", shippingAddress = new { street = new string('a', 1_500_000) } };
        await (await shopper.Client.PostAsJsonAsync("/api/v1/checkout/submit", body)).ErrorAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Too_many_promotion_codes_or_a_null_one_is_refused_in_the_apis_words()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        var many = await (await shopper.Client.PostAsJsonAsync("/api/v1/checkout/submit", new { checkoutSessionId = "CHECKOUT-1", promotionCodes = Enumerable.Range(0, 11).Select(i => $"CODE{i}") })).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_PROMOTION_CODES");
        Assert.Contains("at most 10", many, StringComparison.Ordinal);

        using var content = new StringContent("""{"checkoutSessionId":"CHECKOUT-1","promotionCodes":[null]}""", System.Text.Encoding.UTF8, "application/json");
        var message = await (await shopper.Client.PostAsync("/api/v1/checkout/submit", content)).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        Assert.DoesNotContain("Parameter", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_and_urls_over_the_apis_limits_get_the_apis_error_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products");
        request.Headers.Add("X-Padding", new string('p', 40_000));
        await (await mesh.Anonymous.SendAsync(request)).ErrorAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE");
        await (await mesh.Anonymous.GetAsync($"/api/v1/products?category={new string('c', 9000)}")).ErrorAsync(HttpStatusCode.RequestUriTooLong, "URI_TOO_LONG");
    }

    [Theory]
    [InlineData("page=0", "INVALID_PAGE")]
    [InlineData("page=-1", "INVALID_PAGE")]
    [InlineData("page=two", "INVALID_PAGE")]
    [InlineData("pageSize=0", "INVALID_PAGE_SIZE")]
    [InlineData("pageSize=abc", "INVALID_PAGE_SIZE")]
    [InlineData("pageSize=101", "INVALID_PAGE_SIZE")]
    [InlineData("pagesize=5", "INVALID_QUERY")]
    [InlineData("sort=price", "INVALID_QUERY")]
    public async Task The_product_list_names_a_paging_parameter_it_cannot_use(string query, string reason)
    {
        var message = await (await mesh.Anonymous.GetAsync($"/api/v1/products?{query}")).ErrorAsync(HttpStatusCode.BadRequest, reason);
        Assert.Contains(query.Split('=')[0], message, StringComparison.Ordinal);
    }
}
