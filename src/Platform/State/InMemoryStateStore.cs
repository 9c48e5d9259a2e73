namespace Checkout.Platform.State;

/// <summary>In-memory adapter for unit tests: same semantics as the durable stores, no disk.</summary>
public sealed class InMemoryStateStore(TimeProvider timeProvider) : IStateStore
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _version;

    public InMemoryStateStore() : this(TimeProvider.System)
    {
    }

    private sealed record Entry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt);

    public Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Live(key) is { } e ? new StateItem(key, e.Value, e.ETag) : null);
        }
    }

    public Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var items = new List<StateItem>(keys.Count);
            foreach (var key in keys)
            {
                if (Live(key) is { } e)
                {
                    items.Add(new StateItem(key, e.Value, e.ETag));
                }
            }

            return Task.FromResult<IReadOnlyList<StateItem>>(items);
        }
    }

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Upsert(key, value, etag, timeToLive)], cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Delete(key, etag)], cancellationToken);

    public Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var op in operations)
            {
                if (!ETags.Holds(Live(op.Key)?.ETag, op.ETag))
                {
                    return Task.FromResult(false);
                }
            }

            var now = timeProvider.GetUtcNow();
            foreach (var op in operations)
            {
                if (op.Kind == StateOperationKind.Delete)
                {
                    _entries.Remove(op.Key);
                }
                else
                {
                    var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var value = op.Value.ToArray();
                    DecodedValues.Carry(op.Value, value);
                    _entries[op.Key] = new Entry(value, etag, op.TimeToLive is { } ttl ? now + ttl : null);
                }
            }

            return Task.FromResult(true);
        }
    }

    private Entry? Live(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } expiresAt && expiresAt <= timeProvider.GetUtcNow())
        {
            _entries.Remove(key);
            return null;
        }

        return entry;
    }
}
