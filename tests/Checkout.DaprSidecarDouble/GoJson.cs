using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// JSON as daprd re-writes it: Go's encoding/json marshals a map with its keys sorted,
/// without spaces, with &lt; &gt; &amp; escaped; a payload parsed without UseNumber has its
/// numbers as float64. daprd re-writes a published CloudEvent (numbers kept, contrib
/// pubsub/envelope.go <c>FromCloudEvent</c>) and the <c>data</c> it hands a gRPC subscriber
/// (numbers as float64, dapr pkg/runtime/pubsub/subscriptions.go
/// <c>GRPCEnvelopeFromSubscriptionMessage</c>).
/// </summary>
public static class GoJson
{
    public static string Marshal(JsonElement value, bool numbersAsFloat64)
    {
        var text = new StringBuilder();
        Write(text, value, numbersAsFloat64);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonElement value, bool numbersAsFloat64)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(first ? string.Empty : ",");
                    first = false;
                    WriteString(text, property.Name);
                    text.Append(':');
                    Write(text, property.Value, numbersAsFloat64);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                text.AppendJoin(',', value.EnumerateArray().Select(item => Marshal(item, numbersAsFloat64)));
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(numbersAsFloat64 ? value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : value.GetRawText());
                break;
            default:
                text.Append(value.GetRawText());
                break;
        }
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void WriteString(StringBuilder text, string value)
    {
        var escaped = JsonSerializer.Serialize(value, Relaxed);
        text.Append(escaped.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal));
    }
}
