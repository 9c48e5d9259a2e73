using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Checkout.IntegrationTests;

/// <summary>Small helpers to read the REST contract as raw JSON, the way a web client sees it.</summary>
internal static class Json
{
    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> AddItemAsync(this HttpClient client, string productId, string sku, int quantity, string warehouseId) =>
        client.PostAsJsonAsync("/api/v1/cart/items", new { productId, sku, quantity, warehouseId });

    /// <summary>Asserts the error body shape every /api failure has, and returns its message.</summary>
    public static async Task<string> ErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.ReadAsync(status);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(reason, body.GetProperty("reason").GetString());
        // The trace id ties the answer to the server's logs, in the body and in a header.
        Assert.Equal(32, body.GetProperty("traceId").GetString()!.Length);
        Assert.Equal(body.GetProperty("traceId").GetString(), response.Headers.GetValues("X-Trace-Id").Single());
        var message = body.GetProperty("message").GetString()!;
        // No stack traces or exception names reach a client.
        Assert.DoesNotContain("Exception", message);
        Assert.DoesNotContain("\n   at ", message);
        return message;
    }

    public static decimal Money(this JsonElement element, string property) => element.GetProperty(property).GetDecimal();
}
