using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Checkout.IntegrationTests;

/// <summary>
/// What a web client expects of a REST API beyond its bodies, over real HTTP: CORS for a
/// browser app on another port, Location on 201, ETag and If-Match on the cart, the
/// idempotent-replay marker, compression, and the field and trace id in an error.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class HttpConventionsTests(MeshFixture mesh)
{
    private const string DevServer = "http://localhost:5173";

    [Fact]
    public async Task A_browser_app_on_another_localhost_port_passes_the_preflight_and_reads_the_headers_it_needs()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/cart/items/CART_ITEM-001");
        preflight.Headers.Add("Origin", DevServer);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, if-match, idempotency-key");

        var answer = await mesh.Anonymous.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(DevServer, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        var allowed = answer.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant();
        Assert.All(new[] { "authorization", "content-type", "if-match", "idempotency-key" }, h => Assert.Contains(h, allowed, StringComparison.Ordinal));

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?pageSize=1");
        request.Headers.Add("Origin", "http://127.0.0.1:3000");
        var actual = await mesh.Anonymous.SendAsync(request);
        Assert.Equal("http://127.0.0.1:3000", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = actual.Headers.GetValues("Access-Control-Expose-Headers").Single();
        Assert.All(new[] { "ETag", "Location", "Retry-After", "Idempotent-Replayed", "X-Trace-Id" }, h => Assert.Contains(h, exposed, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_origin_not_allowed_gets_no_cors_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/products");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        var answer = await mesh.Anonymous.SendAsync(request);

        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_submitted_order_answers_201_with_its_location_and_a_replay_says_so()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001");
        var body = Shopper.Body(await shopper.InitiateSessionAsync());
        var key = Guid.NewGuid().ToString();

        var first = await shopper.SubmitAsync(body, key);
        var order = await first.ReadAsync(HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetString()!;

        Assert.Equal($"/api/v1/orders/{orderId}", first.Headers.Location?.OriginalString);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Contains(orderId, (await (await shopper.Client.GetAsync(first.Headers.Location)).ReadAsync(HttpStatusCode.OK)).GetRawText(), StringComparison.Ordinal);

        var replay = await shopper.SubmitAsync(body, key);
        await replay.ReadAsync(HttpStatusCode.Created);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
    }

    [Fact]
    public async Task A_replayed_refusal_says_it_is_a_replay()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001");
        var body = Shopper.Body(await shopper.InitiateSessionAsync(), paymentMethodId: "PM-TEST-DECLINED");
        var key = Guid.NewGuid().ToString();

        var first = await shopper.SubmitAsync(body, key);
        await first.ErrorAsync(HttpStatusCode.BadRequest, "PAYMENT_DECLINED");
        var replay = await shopper.SubmitAsync(body, key);

        await replay.ErrorAsync(HttpStatusCode.BadRequest, "PAYMENT_DECLINED");
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task A_change_with_a_stale_if_match_is_412_and_changes_nothing_and_a_current_one_applies()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001");
        var read = await shopper.Client.GetAsync("/api/v1/cart");
        await read.ReadAsync(HttpStatusCode.OK);
        var seen = read.Headers.ETag!;
        await shopper.AddAsync("PROD-12345", "SKU-ABC-002");

        var stale = await shopper.Client.SendAsync(Put("/api/v1/cart/items/CART_ITEM-001", 5, seen));
        await stale.ErrorAsync(HttpStatusCode.PreconditionFailed, "CART_CHANGED");

        var current = await shopper.Client.GetAsync("/api/v1/cart");
        var cart = (await current.ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal(1, cart.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.NotEqual(seen, current.Headers.ETag);

        var applied = await shopper.Client.SendAsync(Put("/api/v1/cart/items/CART_ITEM-001", 5, current.Headers.ETag!));
        Assert.Equal(5, (await applied.ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.NotEqual(current.Headers.ETag, applied.Headers.ETag);
        var after = await shopper.Client.GetAsync("/api/v1/cart");
        Assert.Equal(applied.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task A_cart_changed_behind_the_bffs_cache_is_412_once_and_then_read_fresh()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001");
        var cached = (await shopper.Client.GetAsync("/api/v1/cart")).Headers.ETag!;
        // Changed straight in Cart (as another BFF would): this BFF's cached cart is now stale.
        var carts = new Checkout.Contracts.Cart.V1.CartService.CartServiceClient(mesh.Channel(Checkout.Platform.Hosting.AppIds.Cart));
        await carts.UpdateItemQuantityAsync(new Checkout.Contracts.Cart.V1.UpdateItemQuantityRequest { CustomerId = shopper.CustomerId, ItemId = "CART_ITEM-001", Quantity = 2 });
        Assert.Equal(cached, (await shopper.Client.GetAsync("/api/v1/cart")).Headers.ETag);

        await (await shopper.Client.SendAsync(Put("/api/v1/cart/items/CART_ITEM-001", 5, cached))).ErrorAsync(HttpStatusCode.PreconditionFailed, "CART_CHANGED");

        var fresh = await shopper.Client.GetAsync("/api/v1/cart");
        Assert.Equal(2, (await fresh.ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.NotEqual(cached, fresh.Headers.ETag);
        await (await shopper.Client.SendAsync(Put("/api/v1/cart/items/CART_ITEM-001", 5, fresh.Headers.ETag!))).ReadAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_json_answer_is_compressed_for_a_client_that_asks()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?pageSize=20");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var answer = await mesh.Anonymous.SendAsync(request);

        Assert.Equal("gzip", answer.Content.Headers.ContentEncoding.Single());
        await using var json = new GZipStream(await answer.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        Assert.True((await JsonDocument.ParseAsync(json)).RootElement.GetProperty("products").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_error_names_its_field_and_carries_the_callers_trace_id()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cart/items") { Content = JsonContent.Create(new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 0, warehouseId = "US-WEST-01" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        var answer = await shopper.Client.SendAsync(request);

        await answer.ErrorAsync(HttpStatusCode.BadRequest, "INVALID_QUANTITY");
        var body = await answer.ReadAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("quantity", traceId), (body.GetProperty("field").GetString(), body.GetProperty("traceId").GetString()));
    }

    private static HttpRequestMessage Put(string path, int quantity, EntityTagHeaderValue ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { quantity }) };
        request.Headers.IfMatch.Add(ifMatch);
        return request;
    }
}
