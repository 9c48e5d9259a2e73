using System.Net;
using System.Text.Json;
using Checkout.Platform.Hosting;
using Checkout.Standalone;

namespace Checkout.IntegrationTests;

/// <summary>Promotions and loyalty are nice to have; catalog, cart and customer are not.</summary>
public sealed class DegradationTests : OwnMesh
{
    protected override MeshOptions Configure(MeshOptions options) => options with
    {
        AppConfiguration = new Dictionary<string, IReadOnlyDictionary<string, string?>>
        {
            // Loyalty answers, but far later than the BFF waits for it.
            [AppIds.Loyalty] = new Dictionary<string, string?> { [LatencyInjectionInterceptor.ConfigurationKey] = "1500" },
            [AppIds.Bff] = new Dictionary<string, string?> { ["Bff:OptionalCallDeadline"] = "00:00:00.200" },
        },
    };

    [Fact]
    public async Task Checkout_goes_on_without_promotions_and_loyalty_but_not_without_catalog()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-002", 1);
        await Mesh.StopAsync(AppIds.Promotion);

        var initiated = await (await shopper.InitiateAsync()).ReadAsync(HttpStatusCode.OK);

        Assert.Equal(["promotions", "loyalty"], initiated.GetProperty("unavailable").EnumerateArray().Select(u => u.GetString()));
        Assert.Empty(initiated.GetProperty("promotions").EnumerateArray());
        Assert.True(!initiated.TryGetProperty("loyalty", out var loyalty) || loyalty.ValueKind == JsonValueKind.Null);
        Assert.Equal(249.99m, initiated.GetProperty("cart").GetProperty("totals").Money("subtotal"));

        // The customer can still buy, without codes and points.
        var order = await (await shopper.SubmitAsync(Shopper.Body(initiated.GetProperty("checkoutSessionId").GetString()!))).ReadAsync(HttpStatusCode.Created);
        Assert.Equal("CONFIRMED", order.GetProperty("status").GetString());

        await shopper.AddAsync("PROD-12345", "SKU-ABC-002", 1);
        await Mesh.StopAsync(AppIds.Catalog);
        await (await shopper.InitiateAsync()).ErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
    }
}
