using Google.Protobuf;

namespace Checkout.Platform.State;

/// <summary>Protobuf messages stored as their canonical JSON, readable in redis-cli and sqlite3.</summary>
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

    public static byte[] SerializeProto(IMessage message) => System.Text.Encoding.UTF8.GetBytes(Formatter.Format(message));

    private static T Parse<T>(ReadOnlyMemory<byte> value)
        where T : class, IMessage<T>, new() =>
        JsonParser.Default.Parse<T>(System.Text.Encoding.UTF8.GetString(value.Span));
}
