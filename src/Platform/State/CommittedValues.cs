using System.Collections.Concurrent;

namespace Checkout.Platform.State;

/// <summary>
/// The values a store's own process last committed or read, and the keys it found absent,
/// kept in memory so a read of a hot key costs no database round trip. Correct only where
/// the process is the store's single writer (<see cref="SqliteStateStore"/> makes sure of
/// that): every commit passes through <see cref="Commit"/>, so a kept value is always the
/// committed one.
/// </summary>
/// <remarks>
/// A value read from the database may be kept only if no commit happened while it was being
/// read (<see cref="Generation"/> taken before the read, checked again under the lock by
/// <see cref="TryKeep"/> and <see cref="TryKeepAbsent"/>): otherwise a read that began before
/// a commit could put back the value the commit replaced. Memory is bounded by
/// <paramref name="budgetBytes"/>; over it, entries other than the newest are dropped in no
/// particular order until a quarter of the budget is free.
/// </remarks>
public sealed class CommittedValues(long budgetBytes)
{
    /// <summary>What a value costs beyond its bytes and key: the entry, its ETag and the dictionary's node.</summary>
    private const int EntryOverhead = 160;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;
    private long _bytes;

    /// <summary>Taken before reading from the database; a commit after it changes it.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>The committed value of <paramref name="key"/> at <paramref name="now"/> (null: absent), when it is known.</summary>
    public bool TryGet(string key, long now, out StateItem? item)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            item = entry.Item is null || (entry.ExpiresAt is { } expires && expires <= now) ? null : entry.Item;
            return true;
        }

        item = null;
        return false;
    }

    /// <summary>Keeps a value read from the database, unless a commit happened since <paramref name="generation"/>.</summary>
    public void TryKeep(StateItem item, long? expiresAt, long generation) => KeepUnlessCommitted(item.Key, new Entry(item.Key, item, expiresAt), generation);

    /// <summary>Keeps that the database holds nothing for <paramref name="key"/>, unless a commit happened since <paramref name="generation"/>.</summary>
    public void TryKeepAbsent(string key, long generation) => KeepUnlessCommitted(key, new Entry(key, null, null), generation);

    /// <summary>What a transaction committed: each upsert's new value and ETag, each delete.</summary>
    public void Commit(IReadOnlyList<(StateOperation Operation, string ETag, long? ExpiresAt)> committed)
    {
        lock (_gate)
        {
            _generation++;
            foreach (var (op, etag, expiresAt) in committed)
            {
                if (op.Kind == StateOperationKind.Delete)
                {
                    Remove(op.Key);
                }
                else
                {
                    Set(op.Key, new Entry(op.Key, new StateItem(op.Key, op.Value, etag), expiresAt));
                }
            }
        }
    }

    /// <summary>Drops <paramref name="keys"/>: what the database holds for them is not known for sure.</summary>
    public void Forget(IEnumerable<string> keys)
    {
        lock (_gate)
        {
            _generation++;
            foreach (var key in keys)
            {
                Remove(key);
            }
        }
    }

    private void KeepUnlessCommitted(string key, Entry entry, long generation)
    {
        lock (_gate)
        {
            if (_generation == generation)
            {
                Set(key, entry);
            }
        }
    }

    private void Set(string key, Entry entry)
    {
        Remove(key);
        if (entry.Size > budgetBytes)
        {
            return;
        }

        _entries[key] = entry;
        _bytes += entry.Size;
        if (_bytes > budgetBytes)
        {
            foreach (var other in _entries.Keys)
            {
                if (_bytes <= budgetBytes * 3 / 4)
                {
                    break;
                }

                if (!ReferenceEquals(other, key))
                {
                    Remove(other);
                }
            }
        }
    }

    private void Remove(string key)
    {
        if (_entries.TryRemove(key, out var old))
        {
            _bytes -= old.Size;
        }
    }

    private sealed record Entry(string Key, StateItem? Item, long? ExpiresAt)
    {
        public long Size { get; } = (2L * Key.Length) + (Item is null ? 0 : Item.Value.Length + (2L * Item.ETag.Length)) + EntryOverhead;
    }
}
