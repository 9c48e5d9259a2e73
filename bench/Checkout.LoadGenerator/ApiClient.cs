using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Checkout.LoadGenerator;

/// <summary>One HTTP exchange with the BFF, timed and recorded under a name for the report.</summary>
public sealed class ApiClient(HttpClient http, Metrics metrics, Action<string>? trace = null)
{
    /// <summary>Refusals a shop under load gives by design (someone else bought the last unit); not errors.</summary>
    private static readonly HashSet<string> ExpectedRefusals = ["OUT_OF_STOCK", "ITEMS_UNAVAILABLE"];

    public sealed record Reply(int Status, JsonElement Body)
    {
        public bool Ok => Status is >= 200 and < 300;
    }

    public async Task<Reply> SendAsync(string endpoint, HttpMethod method, string path, object? body = null, string? token = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var ((status, text), elapsed) = await Timing.TimeAsync(async () =>
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        });
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        var refusal = status == 400 && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("reason", out var reason) && ExpectedRefusals.Contains(reason.GetString()!);
        metrics.Record(endpoint, status, elapsed, refusal);
        trace?.Invoke($"{method} {path} {(body is null ? string.Empty : JsonSerializer.Serialize(body))}\n  -> {status} in {elapsed.TotalMilliseconds:0.0} ms\n  {Shorten(text)}\n");
        return new Reply(status, json);
    }

    private static string Shorten(string text) => text.Length <= 1200 ? text : text[..1200] + " …";
}
