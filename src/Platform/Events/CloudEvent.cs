using System.Text.Json;
using System.Text.Json.Serialization;

namespace Checkout.Platform.Events;

/// <summary>
/// A CloudEvents 1.0 envelope (JSON format), the shape Dapr pub/sub delivers. The
/// seed's event fields map onto it: eventId = id, eventType = type, timestamp = time.
/// </summary>
public sealed record CloudEvent
{
    [JsonPropertyName("specversion")]
    public string SpecVersion { get; init; } = "1.0";

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    [JsonPropertyName("datacontenttype")]
    public string DataContentType { get; init; } = "application/json";

    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    [JsonPropertyName("data")]
    public JsonElement Data { get; init; }

    public T DataAs<T>() => Data.Deserialize<T>(State.JsonStateExtensions.Options)
        ?? throw new InvalidDataException($"Event {Id} has no data.");
}
