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
        var bytes = Utf8Json(message);

        // What a read of the bytes decodes to: the message as JSON holds it, so without the
        // unknown fields JSON leaves out (a newer caller's), and a copy the caller cannot change.
        DecodedValues.KeepMessage(bytes, WithoutUnknownFields<T>.Parser.ParseFrom(message.ToByteArray()));
        return bytes;
    }

    /// <summary>A writer per thread whose text is reused, kept while it stays small.</summary>
    [ThreadStatic]
    private static StringWriter? _threadWriter;

    /// <summary>A writer grown past this for one large message is let go, not kept by its thread for good.</summary>
    internal const int KeptWriterChars = 64 * 1024;

    /// <summary>The writer this thread keeps for the next message, if any.</summary>
    internal static StringWriter? KeptWriter => _threadWriter;

    /// <summary>
    /// The message's JSON as UTF-8, written into a reused text buffer and encoded from a borrowed
    /// one: formatting to a new string first cost the string, the builder grown for it, and the bytes.
    /// </summary>
    private static byte[] Utf8Json(IMessage message)
    {
        var writer = _threadWriter ?? new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _threadWriter = null;
        var text = writer.GetStringBuilder();
        text.Clear();
        Formatter.Format(message, writer);
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var json = chars.AsSpan(0, text.Length);
            text.CopyTo(0, json, text.Length);
            var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(json)];
            System.Text.Encoding.UTF8.GetBytes(json, bytes);
            return bytes;
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
            if (text.Capacity <= KeptWriterChars)
            {
                _threadWriter = writer;
            }
        }
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
