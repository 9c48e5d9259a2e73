using System.Globalization;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// What daprd's state components do with a write, one profile per component type the run
/// files can name. Every rule cites components-contrib (docs/dapr-semantics.md, "State
/// stores"):
/// <list type="bullet">
/// <item><c>state.sqlite</c> (state/sqlite/sqlite_dbaccess.go <c>doSet</c>, <c>doDelete</c>,
/// <c>ExecuteMulti</c>): UUID ETags; an ETag that does not match (or names a missing key) is an
/// ETag mismatch; first-write without an ETag inserts only and reports a mismatch; a
/// transaction is one database transaction that rolls back on the first error.</item>
/// <item><c>state.postgresql</c> v2 (state/postgresql/v2/postgresql.go <c>doSet</c>,
/// <c>doDelete</c>, <c>Multi</c>): as SQLite, except that a first-write conflict is the plain
/// error "no item was updated", which daprd reports as Internal, not Aborted.</item>
/// <item><c>state.redis</c> (state/redis/redis.go <c>Set</c>, <c>Delete</c>, <c>Multi</c>,
/// <c>setDefaultQuery</c>, <c>delDefaultQuery</c>): integer version ETags; a write with an
/// ETag to a missing key creates it; first-write only marks the key, and only a key so marked
/// refuses later writes without an ETag (plain error); a transaction is MULTI/EXEC of one Lua
/// script per operation with no rollback, so the operations whose checks pass are written even
/// when another fails, and first-write is not passed inside it.</item>
/// </list>
/// Expired entries count as absent everywhere (SQL filters on <c>expiration_time</c>; Redis
/// expires the key).
/// </summary>
public sealed class StateBackend(StoreKind kind, TimeProvider clock)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public StoreKind Kind => kind;

    public sealed record Entry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt, bool FirstWriteMarker);

    /// <summary>One upsert or delete as daprd hands it to the store.</summary>
    /// <param name="Key">The key, as the app named it (daprd prefixes it with the app id in the store).</param>
    /// <param name="Value">The value of an upsert; null for a delete.</param>
    /// <param name="Delete">A delete, not an upsert.</param>
    /// <param name="ETag">The ETag the write is conditioned on; null or empty for none.</param>
    /// <param name="Concurrency">"first-write", "last-write" or "" as daprd passes it on (pkg/api/grpc/util.go <c>stateConcurrencyToString</c>).</param>
    /// <param name="TimeToLive">From the <c>ttlInSeconds</c> metadata; null for none.</param>
    public sealed record Operation(string Key, byte[]? Value, bool Delete, string? ETag, string Concurrency, TimeSpan? TimeToLive)
    {
        public bool HasETag => !string.IsNullOrEmpty(ETag);

        public bool FirstWrite => Concurrency == "first-write";
    }

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
            return Live(key);
        }
    }

    /// <summary>One SaveState item or one DeleteState (store.Set / store.Delete).</summary>
    public StoreError? Apply(Operation operation)
    {
        lock (_lock)
        {
            return ApplyOne(operation, insideTransaction: false);
        }
    }

    /// <summary>ExecuteStateTransaction (store.Multi): atomic on the SQL stores, partial on Redis.</summary>
    public StoreError? Transact(IReadOnlyList<Operation> operations)
    {
        lock (_lock)
        {
            if (kind != StoreKind.Redis)
            {
                var before = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
                foreach (var operation in operations)
                {
                    if (ApplyOne(operation, insideTransaction: true) is { } failed)
                    {
                        // Rollback: ExecuteInTransaction stops at the first error.
                        _entries.Clear();
                        foreach (var (key, entry) in before)
                        {
                            _entries[key] = entry;
                        }

                        return failed;
                    }
                }

                return null;
            }

            // Redis parses every ETag before EXEC (strconv.Atoi): a bad one queues nothing.
            if (operations.FirstOrDefault(op => !op.Delete && RedisVersionSent(op) is null) is { } invalid)
            {
                return StoreError.Invalid(invalid.ETag!);
            }

            // EXEC runs every queued script; the first failure is returned, nothing is undone.
            StoreError? first = null;
            foreach (var operation in operations)
            {
                first ??= ApplyOne(operation, insideTransaction: true);
            }

            return first;
        }
    }

    private StoreError? ApplyOne(Operation op, bool insideTransaction) => kind switch
    {
        StoreKind.Redis => op.Delete ? RedisDelete(op) : RedisSet(op, insideTransaction),
        _ => op.Delete ? SqlDelete(op) : SqlSet(op),
    };

    private StoreError? SqlSet(Operation op)
    {
        var current = Live(op.Key);
        if (op.HasETag)
        {
            if (current?.ETag != op.ETag)
            {
                return StoreError.Mismatch();
            }
        }
        else if (op.FirstWrite && current is not null)
        {
            return kind == StoreKind.PostgresV2 ? StoreError.Plain("no item was updated") : StoreError.Mismatch();
        }

        Store(op, Guid.NewGuid().ToString(), firstWriteMarker: false);
        return null;
    }

    private StoreError? SqlDelete(Operation op)
    {
        var current = Live(op.Key);
        if (op.HasETag && current?.ETag != op.ETag)
        {
            return StoreError.Mismatch();
        }

        _entries.Remove(op.Key);
        return null;
    }

    private StoreError? RedisSet(Operation op, bool insideTransaction)
    {
        if (RedisVersionSent(op) is not { } sent)
        {
            return StoreError.Invalid(op.ETag!);
        }

        var current = Live(op.Key);
        var allowed = current is null || current.ETag == sent || (!current.FirstWriteMarker && sent == "0");
        if (!allowed)
        {
            var message = $"failed to set key {op.Key}";
            return op.HasETag ? StoreError.Mismatch(message) : StoreError.Plain(message);
        }

        var version = (current is null ? 0 : long.Parse(current.ETag, CultureInfo.InvariantCulture)) + 1;
        // Set passes ARGV[3]=0 for first-write (with or without an ETag); Multi passes no ARGV[3]; HSET never clears the field.
        var marker = (current?.FirstWriteMarker ?? false) || (op.FirstWrite && !insideTransaction);
        Store(op, version.ToString(CultureInfo.InvariantCulture), marker);
        return null;
    }

    /// <summary>parseETag: no ETag, or last-write concurrency, sends version "0"; an ETag that is not an integer is invalid (null).</summary>
    private static string? RedisVersionSent(Operation op) =>
        !op.HasETag || op.Concurrency == "last-write" ? "0"
        : long.TryParse(op.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? op.ETag
        : null;

    private StoreError? RedisDelete(Operation op)
    {
        var current = Live(op.Key);
        if (op.HasETag && current is not null && current.ETag != op.ETag)
        {
            return StoreError.Mismatch($"failed to delete {op.Key}");
        }

        _entries.Remove(op.Key);
        return null;
    }

    private void Store(Operation op, string etag, bool firstWriteMarker) =>
        _entries[op.Key] = new Entry(op.Value!, etag, op.TimeToLive is { } ttl ? clock.GetUtcNow() + ttl : null, firstWriteMarker);

    private Entry? Live(string key) => _entries.TryGetValue(key, out var entry) && IsLive(entry) ? entry : null;

    private bool IsLive(Entry entry) => entry.ExpiresAt is not { } expires || expires > clock.GetUtcNow();
}

/// <summary>The state component types the double models (docs/dapr-semantics.md).</summary>
public enum StoreKind
{
    Sqlite,
    PostgresV2,
    Redis,
}

/// <summary>
/// An error as a store returns it: an ETag error of kind mismatch or invalid
/// (components-contrib state/errors.go <c>ETagError</c>), or any other error.
/// </summary>
public sealed record StoreError(string Kind, string Message)
{
    public static StoreError Mismatch(string? cause = null) => new("mismatch", "possible etag mismatch. error from state store" + (cause is null ? string.Empty : $": {cause}"));

    public static StoreError Invalid(string cause) => new("invalid", $"invalid etag value: {cause}");

    public static StoreError Plain(string message) => new("plain", message);
}
