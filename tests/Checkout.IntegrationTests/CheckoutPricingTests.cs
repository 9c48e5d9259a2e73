using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Checkout.IntegrationTests;

/// <summary>POST /api/v1/checkout/price: the breakdown a storefront shows before the customer pays is the one the submission charges.</summary>
[Collection(MeshCollection.Name)]
public sealed class CheckoutPricingTests(MeshFixture mesh)
{
    private static object PriceBody(string sessionId, string[] promotionCodes, int loyaltyPointsToUse = 0, string zipCode = "94105", string shippingMethod = "express") => new
    {
        checkoutSessionId = sessionId,
        shippingAddress = new { street = "123 Main St", city = "San Francisco", state = "CA", zipCode, country = "US" },
        shippingMethod,
        promotionCodes,
        loyaltyPointsToUse,
    };

    private static Task<HttpResponseMessage> PriceAsync(Shopper shopper, object body) => shopper.Client.PostAsJsonAsync("/api/v1/checkout/price", body);

    [Fact]
    public async Task The_price_before_submitting_is_exactly_what_the_submission_charges()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        // A first order earns the points the second spends.
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Created);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 2);
        var sessionId = await shopper.InitiateSessionAsync();

        var priced = await (await PriceAsync(shopper, PriceBody(sessionId, ["SUMMER2024", "BUNDLE5"], loyaltyPointsToUse: 100))).ReadAsync(HttpStatusCode.OK);
        var order = await (await shopper.SubmitAsync(Shopper.Body(sessionId, shippingMethod: "express", promotionCodes: ["SUMMER2024", "BUNDLE5"], loyaltyPointsToUse: 100))).ReadAsync(HttpStatusCode.Created);

        var pricing = priced.GetProperty("pricing");
        Assert.Equal(499.98m, pricing.Money("subtotal"));
        Assert.Equal(
            ["promotion:SUMMER2024", "promotion:BUNDLE5", "loyalty_points:100"],
            pricing.GetProperty("discounts").EnumerateArray().Select(d => $"{d.GetProperty("type").GetString()}:{(d.TryGetProperty("code", out var code) ? code.GetString() : d.GetProperty("pointsUsed").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
        Assert.Equal(24.99m, pricing.Money("shipping"));
        Assert.Equal(pricing.Money("total"), pricing.Money("subtotal") - pricing.Money("totalDiscounts") + pricing.Money("shipping") + pricing.Money("tax"));
        Assert.Equal(JsonSerializer.Serialize(order.GetProperty("pricing")), JsonSerializer.Serialize(pricing));
        Assert.Equal(order.GetProperty("shipping").GetProperty("estimatedDelivery").GetString(), priced.GetProperty("estimatedDelivery").GetString());
    }

    [Fact]
    public async Task Pricing_refuses_what_the_submission_would_refuse_and_holds_nothing()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        using var stranger = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var sessionId = await shopper.InitiateSessionAsync();

        await (await PriceAsync(shopper, PriceBody(sessionId, ["SPRING2023"]))).ErrorAsync(HttpStatusCode.BadRequest, "PROMOTION_NOT_APPLICABLE");
        await (await PriceAsync(shopper, PriceBody(sessionId, ["WELCOME10"]))).ReadAsync(HttpStatusCode.OK);
        var zip = await (await PriceAsync(shopper, PriceBody(sessionId, [], zipCode: "ABCDE"))).ReadAsync(HttpStatusCode.BadRequest);
        await (await PriceAsync(shopper, PriceBody(sessionId, [], shippingMethod: "teleport"))).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_SHIPPING_METHOD");
        await (await PriceAsync(stranger, PriceBody(sessionId, []))).ErrorAsync(HttpStatusCode.NotFound, "SESSION_NOT_FOUND");
        await (await mesh.Anonymous.PostAsJsonAsync($"{mesh.Mesh.BffAddress}/api/v1/checkout/price", PriceBody(sessionId, []))).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");

        Assert.Equal("shippingAddress.zipCode", zip.GetProperty("field").GetString());
        // Pricing with the once-per-customer code held nothing: the submission may still use it.
        var order = await (await shopper.SubmitAsync(Shopper.Body(sessionId, promotionCodes: ["WELCOME10"]))).ReadAsync(HttpStatusCode.Created);
        Assert.Equal("WELCOME10", Assert.Single(order.GetProperty("pricing").GetProperty("discounts").EnumerateArray()).GetProperty("code").GetString());
    }
}
