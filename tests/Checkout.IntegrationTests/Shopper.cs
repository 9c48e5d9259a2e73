using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Checkout.IntegrationTests;

/// <summary>A customer driving the REST API through the BFF, as a web client would.</summary>
internal sealed class Shopper(HttpClient client, string customerId) : IDisposable
{
    public HttpClient Client => client;

    public string CustomerId => customerId;

    public static async Task<Shopper> CreateAsync(string bffAddress, HttpClient anonymous, string? customerId = null)
    {
        customerId ??= $"CUST-{Guid.NewGuid():N}"[..17];
        return new Shopper(MeshFixture.Authorized(bffAddress, await MeshFixture.TokenAsync(anonymous, customerId)), customerId);
    }

    public async Task AddAsync(string productId, string sku, int quantity = 1, string warehouseId = "US-WEST-01") =>
        await (await client.AddItemAsync(productId, sku, quantity, warehouseId)).ReadAsync(HttpStatusCode.OK);

    public Task<HttpResponseMessage> InitiateAsync() =>
        client.PostAsync("/api/v1/checkout/initiate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

    public async Task<string> InitiateSessionAsync() =>
        (await (await InitiateAsync()).ReadAsync(HttpStatusCode.OK)).GetProperty("checkoutSessionId").GetString()!;

    /// <summary>The seed's submit body; the billing address, unless given, is the shipping address.</summary>
    public static object Body(string sessionId, string paymentMethodId = "PM-TEST-VISA", string shippingMethod = "standard", string[]? promotionCodes = null, int loyaltyPointsToUse = 0, string state = "CA", object? billingAddress = null) => new
    {
        checkoutSessionId = sessionId,
        shippingAddress = new { street = "123 Main St", city = "San Francisco", state, zipCode = "94105", country = "US" },
        billingAddress = billingAddress ?? new { street = "123 Main St", city = "San Francisco", state, zipCode = "94105", country = "US" },
        paymentMethod = new { id = paymentMethodId, type = "credit_card" },
        shippingMethod,
        promotionCodes = promotionCodes ?? [],
        loyaltyPointsToUse,
        notes = "Please deliver after 5 PM",
    };

    public Task<HttpResponseMessage> SubmitAsync(object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkout/submit") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public async Task<JsonElement> OrderAsync(string orderId) =>
        await (await client.GetAsync($"/api/v1/orders/{orderId}")).ReadAsync(HttpStatusCode.OK);

    public void Dispose() => client.Dispose();
}
