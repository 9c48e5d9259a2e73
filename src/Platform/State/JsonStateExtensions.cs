using System.Text.Json;

namespace Checkout.Platform.State;

/// <summary>Domain records are stored as JSON (readable in redis-cli and sqlite3 alike).</summary>
public static class JsonStateExtensions
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<Versioned<T>?> GetJsonAsync<T>(this IStateStore store, string key, CancellationToken cancellationToken = default)
        where T : class
    {
        var item = await store.GetAsync(key, cancellationToken);
        return item is null ? null : new Versioned<T>(Deserialize<T>(item), item.ETag);
    }

    public static async Task<IReadOnlyList<Versioned<T>>> GetManyJsonAsync<T>(this IStateStore store, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
        where T : class
    {
        var items = await store.GetManyAsync(keys, cancellationToken);
        return items.Select(item => new Versioned<T>(Deserialize<T>(item), item.ETag)).ToList();
    }

    public static Task<bool> TrySaveJsonAsync<T>(this IStateStore store, string key, T value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
        store.TrySaveAsync(key, Serialize(value), etag, timeToLive, cancellationToken);

    /// <summary>The bytes to store for <paramref name="value"/>; an <see cref="IImmutableState"/> is remembered as what they decode to.</summary>
    public static byte[] Serialize<T>(T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        DecodedValues.Keep(bytes, value);
        return bytes;
    }

    private static T Deserialize<T>(StateItem item)
        where T : class
    {
        if (DecodedValues.TryGet<T>(item.Value, out var kept))
        {
            return kept;
        }

        var value = JsonSerializer.Deserialize<T>(item.Value.Span, Options)
            ?? throw new InvalidDataException($"State key '{item.Key}' holds null.");
        DecodedValues.Keep(item.Value, value);
        return value;
    }
}

/// <summary>A value read from the state store with the ETag to write it back.</summary>
public sealed record Versioned<T>(T Value, string ETag);
