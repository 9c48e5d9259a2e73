using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Checkout.IntegrationTests.ForeignClients;

/// <summary>
/// The served OpenAPI document used as a client generator would use it
/// (tools/openapi/check.mjs): redocly lint with zero errors, TypeScript types from
/// openapi-typescript, and real responses of the walkthrough, successes and errors, compiled
/// against those types with tsc --strict. Needs Node.js and <c>npm ci</c> in tools/openapi
/// (.ci/run requires them, as for <see cref="NodeGrpcClientTests"/>).
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class OpenApiClientTests(MeshFixture mesh)
{
    private readonly List<JsonObject> _samples = [];

    [SkippableFact]
    public async Task Types_generated_from_the_document_compile_against_every_real_response()
    {
        var tool = NodeTool.Require("openapi", "Run `npm ci` in tools/openapi (Node.js 20+) to check the OpenAPI document.", "node_modules/openapi-typescript");

        await WalkthroughAsync();

        var work = Directory.CreateTempSubdirectory("openapi-check").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "openapi.json"), await mesh.Anonymous.GetStringAsync("/swagger/v1/swagger.json"));
            await File.WriteAllTextAsync(Path.Combine(work, "responses.json"), new JsonArray([.. _samples]).ToJsonString());
            await NodeTool.RunAsync(tool, TimeSpan.FromMinutes(3), "check.mjs", Path.Combine(work, "openapi.json"), Path.Combine(work, "responses.json"), work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The README's walkthrough, with a refusal of each kind a client can meet along it.</summary>
    private async Task WalkthroughAsync()
    {
        var anonymous = mesh.Anonymous;
        await Record(anonymous, HttpMethod.Post, "/api/v1/dev/token", "/api/v1/dev/token", new { customerId = "CUST-OPENAPI" });
        await Record(anonymous, HttpMethod.Post, "/api/v1/dev/token", "/api/v1/dev/token", new { });
        await Record(anonymous, HttpMethod.Get, "/api/v1/products?pageSize=2", "/api/v1/products");
        await Record(anonymous, HttpMethod.Get, "/api/v1/products?pageSize=1000", "/api/v1/products");
        await Record(anonymous, HttpMethod.Get, "/api/v1/products/PROD-12345", "/api/v1/products/{productId}");
        await Record(anonymous, HttpMethod.Get, "/api/v1/products/PROD-NOPE", "/api/v1/products/{productId}");
        await Record(anonymous, HttpMethod.Get, "/api/v1/cart", "/api/v1/cart");

        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, anonymous);
        var client = shopper.Client;
        await Record(client, HttpMethod.Post, "/api/v1/checkout/initiate", "/api/v1/checkout/initiate", new { });
        await Record(client, HttpMethod.Post, "/api/v1/cart/items", "/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 2, warehouseId = "US-WEST-01" });
        await Record(client, HttpMethod.Post, "/api/v1/cart/items", "/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 0, warehouseId = "US-WEST-01" });
        await Record(client, HttpMethod.Post, "/api/v1/cart/items", "/api/v1/cart/items", new { productId = "PROD-NOPE", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" });
        await Record(client, HttpMethod.Post, "/api/v1/cart/items", "/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-002", quantity = 1, warehouseId = "US-WEST-01" });
        await Record(client, HttpMethod.Get, "/api/v1/cart", "/api/v1/cart");
        await Record(client, HttpMethod.Put, "/api/v1/cart/items/CART_ITEM-001", "/api/v1/cart/items/{itemId}", new { quantity = 3 });
        await Record(client, HttpMethod.Put, "/api/v1/cart/items/CART_ITEM-001", "/api/v1/cart/items/{itemId}", new { quantity = 1 }, ifMatch: "\"stale\"");
        await Record(client, HttpMethod.Put, "/api/v1/cart/items/CART_ITEM-999", "/api/v1/cart/items/{itemId}", new { quantity = 1 });
        await Record(client, HttpMethod.Delete, "/api/v1/cart/items/CART_ITEM-002", "/api/v1/cart/items/{itemId}");
        await Record(client, HttpMethod.Delete, "/api/v1/cart/items/CART_ITEM-002", "/api/v1/cart/items/{itemId}");
        var session = (await Record(client, HttpMethod.Post, "/api/v1/checkout/initiate", "/api/v1/checkout/initiate", new { }))["checkoutSessionId"]!.GetValue<string>();
        await Record(client, HttpMethod.Post, "/api/v1/checkout/submit", "/api/v1/checkout/submit", Shopper.Body("CHK-NOPE"));
        await Record(client, HttpMethod.Post, "/api/v1/checkout/submit", "/api/v1/checkout/submit", Shopper.Body(session, paymentMethodId: "PM-TEST-DECLINED"));
        var order = await Record(client, HttpMethod.Post, "/api/v1/checkout/submit", "/api/v1/checkout/submit", Shopper.Body(session), idempotencyKey: Guid.NewGuid().ToString());
        await Record(client, HttpMethod.Get, $"/api/v1/orders/{order["orderId"]}", "/api/v1/orders/{orderId}");
        await Record(client, HttpMethod.Get, "/api/v1/orders/ORD-NOPE", "/api/v1/orders/{orderId}");
        await Record(client, HttpMethod.Get, "/api/v1/orders", "/api/v1/orders");

        var statuses = _samples.Select(s => s["status"]!.GetValue<int>()).ToHashSet();
        Assert.True(statuses.IsSupersetOf([200, 201, 400, 401, 404, 412]), string.Join("\n", _samples.Select(s => $"{s["method"]} {s["path"]} {s["status"]} {s["body"]?.ToJsonString()[..Math.Min(200, s["body"]!.ToJsonString().Length)]}")));
    }

    private async Task<JsonNode> Record(HttpClient client, HttpMethod method, string url, string path, object? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{method} {url}: {json}");
        _samples.Add(new JsonObject
        {
            ["path"] = path,
            ["method"] = method.Method.ToLowerInvariant(),
            ["status"] = (int)response.StatusCode,
            ["body"] = json.DeepClone(),
        });
        return json;
    }
}
