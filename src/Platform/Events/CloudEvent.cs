using System.Text.Json;
using System.Text.Json.Serialization;
using Checkout.Platform.State;

namespace Checkout.Platform.Events;

/// <summary>
/// A CloudEvents 1.0 envelope (JSON format), the shape Dapr pub/sub delivers. The
/// seed's event fields map onto it: eventId = id, eventType = type, timestamp = time.
/// </summary>
public sealed record CloudEvent : IImmutableState
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

    /// <summary>
    /// The W3C trace context of the span that published the event (the CloudEvents
    /// distributed-tracing extension), so a consumer's handling joins the checkout's trace.
    /// </summary>
    [JsonPropertyName("traceparent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    /// <summary>
    /// The same trace context under Dapr's older name. daprd keeps a published CloudEvent's
    /// trace fields only when <c>traceid</c> is present and otherwise writes its own span's,
    /// an empty string when its tracing is off (components-contrib pubsub/envelope.go
    /// <c>FromCloudEvent</c>), so both names go out.
    /// </summary>
    [JsonPropertyName("traceid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }

    [JsonPropertyName("tracestate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceState { get; init; }

    [JsonPropertyName("data")]
    public JsonElement Data { get; init; }

    public T DataAs<T>() => Data.Deserialize<T>(State.JsonStateExtensions.Options)
        ?? throw new InvalidDataException($"Event {Id} has no data.");
}
