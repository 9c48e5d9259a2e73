using System.Collections.Concurrent;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The "Redis" behind every sidecar: keys are stored as daprd stores them
/// (<c>{appId}||{key}</c>), ETags are versions, <c>ttlInSeconds</c> expires entries, and a
/// transaction checks every ETag before it writes anything. Create-only is first-write
/// concurrency without an ETag, which Dapr documents as insert-if-absent.
/// </summary>
public sealed class StateBackend(TimeProvider clock)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _version;

    public sealed record Entry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt);

    public sealed record Write(string Key, byte[]? Value, bool Delete, string? ETag, bool FirstWrite, TimeSpan? TimeToLive);

    public IReadOnlyDictionary<string, Entry> Snapshot()
    {
        lock (_lock)
        {
            return _entries.Where(e => IsLive(e.Value)).ToDictionary(e => e.Key, e => e.Value);
        }
    }

    public Entry? Get(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && IsLive(entry) ? entry : null;
        }
    }

    /// <summary>All or nothing; false when an ETag condition fails.</summary>
    public bool Apply(IReadOnlyList<Write> writes)
    {
        lock (_lock)
        {
            foreach (var write in writes)
            {
                var current = _entries.TryGetValue(write.Key, out var entry) && IsLive(entry) ? entry : null;
                if (!string.IsNullOrEmpty(write.ETag) && current?.ETag != write.ETag)
                {
                    return false;
                }

                if (string.IsNullOrEmpty(write.ETag) && write.FirstWrite && !write.Delete && current is not null)
                {
                    return false;
                }
            }

            foreach (var write in writes)
            {
                if (write.Delete)
                {
                    _entries.Remove(write.Key);
                }
                else
                {
                    _entries[write.Key] = new Entry(write.Value!, (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture), write.TimeToLive is { } ttl ? clock.GetUtcNow() + ttl : null);
                }
            }

            return true;
        }
    }

    private bool IsLive(Entry entry) => entry.ExpiresAt is not { } expires || expires > clock.GetUtcNow();
}
