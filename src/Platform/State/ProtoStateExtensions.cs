using Google.Protobuf;

namespace Checkout.Platform.State;

/// <summary>
/// Protobuf messages stored as their canonical JSON, readable in redis-cli and sqlite3.
/// Google.Protobuf parses JSON through reflection over the message's descriptors, many times
/// the cost of its binary form: what a write stored, and what a read parsed, is kept beside
/// the bytes (<see cref="DecodedValues"/>), so that the reads of a value after its write or its
/// first read (a session's and an order's every step reads what the step before wrote) are a copy
/// instead of a parse. A store that hands out new bytes per read (Dapr's) parses every read.
/// </summary>
public static class ProtoStateExtensions
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static async Task<Versioned<T>?> GetProtoAsync<T>(this IStateStore store, string key, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new()
    {
        var item = await store.GetAsync(key, cancellationToken);
        return item is null ? null : new Versioned<T>(Parse<T>(item.Value), item.ETag);
    }

    public static async Task<IReadOnlyList<T>> GetManyProtoAsync<T>(this IStateStore store, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new()
    {
        var items = await store.GetManyAsync(keys, cancellationToken);
        var byKey = items.ToDictionary(i => i.Key, i => Parse<T>(i.Value));
        return keys.Where(byKey.ContainsKey).Select(k => byKey[k]).ToList();
    }

    public static byte[] SerializeProto<T>(T message)
        where T : class, IMessage<T>, new()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Formatter.Format(message));

        // What a read of the bytes decodes to: the message as JSON holds it, so without the
        // unknown fields JSON leaves out (a newer caller's), and a copy the caller cannot change.
        DecodedValues.KeepMessage(bytes, WithoutUnknownFields<T>.Parser.ParseFrom(message.ToByteArray()));
        return bytes;
    }

    private static T Parse<T>(ReadOnlyMemory<byte> value)
        where T : class, IMessage<T>, new()
    {
        if (DecodedValues.TryGetMessage<T>(value, out var kept))
        {
            return kept;
        }

        var parsed = JsonParser.Default.Parse<T>(System.Text.Encoding.UTF8.GetString(value.Span));
        DecodedValues.KeepMessage(value, parsed.Clone());
        return parsed;
    }

    private static class WithoutUnknownFields<T>
        where T : class, IMessage<T>, new()
    {
        public static readonly MessageParser<T> Parser = new MessageParser<T>(() => new T()).WithDiscardUnknownFields(true);
    }
}
