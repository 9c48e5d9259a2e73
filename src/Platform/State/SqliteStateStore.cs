using Microsoft.Data.Sqlite;

namespace Checkout.Platform.State;

/// <summary>
/// The embedded default: one SQLite file per service in WAL mode. Durable across
/// restarts and crashes of the process; writes are serialized inside the process
/// (one service owns one file) on one long-lived connection and checked against ETags
/// inside one transaction, which concurrent writers share (group commit: <see cref="TryTransactAsync"/>);
/// reads use pooled connections, which WAL lets run alongside.
/// The statements run on every call are prepared once and kept: the writer's by its one writer at a time,
/// a single key's read on each of a set of reader connections kept for reuse (Microsoft.Data.Sqlite
/// prepares a command's SQL again for every new command, and its connection pool takes a lock).
/// The process owns the file alone (a second store on it is refused), so what it committed
/// and read is kept in memory (<see cref="CommittedValues"/>): a hot key is read without
/// SQLite, whose readers in WAL mode drop their page cache after every write elsewhere and
/// read their pages again from the file. For the same reason it knows which keys the file may
/// hold (<see cref="KeyFilter"/>, loaded at start): a key it never held, as most of a new
/// order's and a new customer's first reads ask for, is answered absent without SQLite.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    private const string ReadOne = "SELECT value, etag, expires_at FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)";

    /// <summary>The memory a store keeps committed values in, at most (bytes).</summary>
    public const long DefaultCacheBudget = 32L * 1024 * 1024;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    /// <summary>At most this many callers' writes share a commit, so the first of them does not wait for an endless queue.</summary>
    private const int MaxWritesPerCommit = 64;

    private readonly System.Collections.Concurrent.ConcurrentQueue<QueuedWrite> _queued = new();
    private int _writing;
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _storedETag;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly System.Collections.Concurrent.ConcurrentBag<OneKeyReader> _readers = [];
    private readonly CommittedValues _committed;
    private readonly KeyFilter _keys = new();
    private readonly FileStream _ownership;
    private readonly StateMetrics? _metrics;
    /// <summary>Drawn once per opening, so a tag given before a restart is never given again.</summary>
    private readonly string _etagPrefix = Guid.NewGuid().ToString("N");
    private long _etagsGiven;

    public SqliteStateStore(string path, TimeProvider timeProvider, long cacheBudgetBytes = DefaultCacheBudget, StateMetrics? metrics = null)
    {
        _metrics = metrics;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _ownership = Own(path);
        _committed = new CommittedValues(cacheBudgetBytes);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _timeProvider = timeProvider;

        // The writer keeps its settings for its lifetime; setting them per operation cost a round trip each time.
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        var connection = _writer;
        Execute(connection, "PRAGMA journal_mode = WAL;");
        CreateOrUpgradeTable(connection);
        using var purge = connection.CreateCommand();
        purge.CommandText = "DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= $now";
        purge.Parameters.AddWithValue("$now", Now());
        purge.ExecuteNonQuery();
        LoadKeys(connection);

        _storedETag = Prepare(_writer, "SELECT etag FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)", "$key", "$now");
        _upsert = Prepare(_writer, """
            INSERT INTO state (key, value, etag, expires_at) VALUES ($key, $value, $etag, $expires)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
            """, "$key", "$value", "$etag", "$expires");
        _delete = Prepare(_writer, "DELETE FROM state WHERE key = $key", "$key");
        // The writer's transactions are begun and ended by statements prepared once, not by a
        // SqliteTransaction, which parses BEGIN and COMMIT again for every transaction.
        _begin = Prepare(_writer, "BEGIN IMMEDIATE");
        _commit = Prepare(_writer, "COMMIT");
        _rollback = Prepare(_writer, "ROLLBACK");
    }

    public Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        if (_committed.TryGet(key, now, out var kept))
        {
            _metrics?.Read(StateMetrics.FromMemory);
            return Task.FromResult(kept);
        }

        if (!_keys.MayHold(key))
        {
            _metrics?.Read(StateMetrics.FromKeyFilter);
            return Task.FromResult<StateItem?>(null);
        }

        _metrics?.Read(StateMetrics.FromDatabase);
        if (!_readers.TryTake(out var reader))
        {
            reader = new OneKeyReader(_connectionString);
        }

        try
        {
            var generation = _committed.Generation;
            var (item, expiresAt) = reader.Read(key, now);
            if (item is null)
            {
                _committed.TryKeepAbsent(key, generation);
            }
            else
            {
                _committed.TryKeep(item, expiresAt, generation);
            }

            return Task.FromResult(item);
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    /// <summary>Known keys come from memory, the rest in one query; the items follow the order of <paramref name="keys"/>.</summary>
    public async Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var found = new Dictionary<string, StateItem?>(keys.Count, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys)
        {
            if (_committed.TryGet(key, now, out var kept))
            {
                found[key] = kept;
                _metrics?.Read(StateMetrics.FromMemory);
            }
            else if (!_keys.MayHold(key))
            {
                found[key] = null;
                _metrics?.Read(StateMetrics.FromKeyFilter);
            }
            else if (found.TryAdd(key, null))
            {
                missing.Add(key);
                _metrics?.Read(StateMetrics.FromDatabase);
            }
        }

        if (missing.Count > 0)
        {
            await ReadMissingAsync(missing, now, found, cancellationToken);
        }

        var items = new List<StateItem>(keys.Count);
        foreach (var key in keys)
        {
            if (found[key] is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    private async Task ReadMissingAsync(List<string> missing, long now, Dictionary<string, StateItem?> found, CancellationToken cancellationToken)
    {
        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        var names = new string[missing.Count];
        for (var i = 0; i < missing.Count; i++)
        {
            names[i] = "$k" + i;
            command.Parameters.AddWithValue(names[i], missing[i]);
        }

        command.CommandText = $"SELECT key, value, etag, expires_at FROM state WHERE key IN ({string.Join(',', names)}) AND (expires_at IS NULL OR expires_at > $now)";
        command.Parameters.AddWithValue("$now", now);
        var generation = _committed.Generation;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var item = new StateItem(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2));
                _committed.TryKeep(item, reader.IsDBNull(3) ? null : reader.GetInt64(3), generation);
                found[item.Key] = item;
            }
        }

        foreach (var key in missing)
        {
            if (found[key] is null)
            {
                _committed.TryKeepAbsent(key, generation);
            }
        }
    }

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Upsert(key, value, etag, timeToLive)], cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Delete(key, etag)], cancellationToken);

    /// <summary>
    /// Group commit: the caller's operations join the queue of writes waiting for the writer,
    /// and whoever finds the writer free commits everything queued in one SQLite transaction,
    /// its own included, then hands each caller its answer. Each caller's operations are
    /// still checked and applied all or nothing, in the order they were queued; the answer
    /// comes only once the transaction holding them committed. Concurrent writers of one
    /// service thus share a commit (its locks, its WAL header, its page writes) instead of
    /// queueing for one each.
    /// </summary>
    public Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A write no transaction could hold fails alone, before it can fail the others of its commit.
        foreach (var op in operations)
        {
            ArgumentNullException.ThrowIfNull(op.Key, nameof(operations));
        }

        var write = new QueuedWrite(operations);
        _queued.Enqueue(write);
        WriteQueued();
        return write.Answer.Task;
    }

    /// <summary>
    /// Commits one batch of what is queued, unless another caller is writing (its writer sees
    /// this write). What is queued after the batch goes on in a work item of the thread pool,
    /// so that a caller whose own write committed returns instead of writing for the others.
    /// </summary>
    private void WriteQueued()
    {
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            return;
        }

        try
        {
            var batch = new List<QueuedWrite>();
            while (batch.Count < MaxWritesPerCommit && _queued.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                Commit(batch);
            }
        }
        finally
        {
            // A full fence, not a volatile write: the release must be visible before the queue is
            // read below, or a caller that queued meanwhile could still see the writer busy while
            // this one sees an empty queue, and its write would wait forever.
            Interlocked.Exchange(ref _writing, 0);
        }

        // Tested after the release: a write queued before it is seen here, one queued after it finds the writer free.
        if (!_queued.IsEmpty)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.WriteQueued(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Keeps the writer busy until the handle is disposed, then commits what queued meanwhile:
    /// lets a test force concurrent writes into one commit instead of hoping for it.
    /// </summary>
    internal IDisposable HoldWriter()
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            spin.SpinOnce();
        }

        return new HeldWriter(this);
    }

    private sealed class HeldWriter(SqliteStateStore store) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Exchange(ref store._writing, 0);
            store.WriteQueued();
        }
    }

    private void Commit(List<QueuedWrite> batch)
    {
        var now = Now();
        // What this transaction wrote so far, by key (null: deleted): the later writes of the batch are checked against it.
        var written = new Dictionary<string, string?>(StringComparer.Ordinal);
        var committed = new List<(StateOperation, string, long?)>();
        var answers = new bool[batch.Count];
        try
        {
            _begin.ExecuteNonQuery();
            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    answers[i] = TryApply(batch[i].Operations, now, written, committed);
                }

                _commit.ExecuteNonQuery();
            }
            catch
            {
                Rollback();
                throw;
            }
        }
        catch (Exception e)
        {
            try
            {
                // Whether the commit reached the file is unknown: those keys are read from it again.
                _committed.Forget(batch.SelectMany(write => write.Operations.Select(op => op.Key)));
            }
            finally
            {
                // Every write of the batch is answered, whatever happens: none may wait forever.
                foreach (var write in batch)
                {
                    write.Answer.TrySetException(e);
                }

                _metrics?.Failed(batch.Count);
            }

            return;
        }

        _committed.Commit(committed);
        var applied = answers.Count(answer => answer);
        _metrics?.Committed(applied, batch.Count - applied);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answer.TrySetResult(answers[i]);
        }
    }

    /// <summary>Checks one caller's conditions against what is committed and what this transaction wrote; when all hold, applies its operations.</summary>
    private bool TryApply(IReadOnlyList<StateOperation> operations, long now, Dictionary<string, string?> written, List<(StateOperation, string, long?)> committed)
    {
        foreach (var op in operations)
        {
            // Under the writer the kept values are the committed ones, and a key the filter
            // never saw is absent: neither needs a SQLite read.
            var stored = written.TryGetValue(op.Key, out var ours) ? ours
                : _committed.TryGet(op.Key, now, out var kept) ? kept?.ETag
                : _keys.MayHold(op.Key) ? StoredETag(op.Key, now)
                : null;
            if (!ETags.Holds(stored, op.ETag))
            {
                return false;
            }
        }

        foreach (var op in operations)
        {
            if (op.Kind == StateOperationKind.Delete)
            {
                _delete.Parameters[0].Value = op.Key;
                _delete.ExecuteNonQuery();
                written[op.Key] = null;
                committed.Add((op, string.Empty, null));
                continue;
            }

            // Before the commit: a reader that finds the key in the filter and not yet in the file reads absent, as it should.
            _keys.Add(op.Key);
            var value = op.Value.ToArray();
            DecodedValues.Carry(op.Value, value);
            var etag = NextETag();
            long? expiresAt = op.TimeToLive is { } ttl ? now + (long)ttl.TotalMilliseconds : null;
            _upsert.Parameters[0].Value = op.Key;
            _upsert.Parameters[1].Value = value;
            _upsert.Parameters[2].Value = etag;
            _upsert.Parameters[3].Value = expiresAt is { } expires ? expires : DBNull.Value;
            _upsert.ExecuteNonQuery();
            written[op.Key] = etag;
            committed.Add((op with { Value = value }, etag, expiresAt));
        }

        return true;
    }

    /// <summary>
    /// A tag no write of this file had before: the prefix drawn when the store opened, and how
    /// many writes it gave a tag since. Only the writer calls it. A random draw per write (a
    /// version 7 GUID) cost a read of the kernel's random source every time.
    /// </summary>
    private string NextETag() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_etagPrefix}-{++_etagsGiven:x}");

    private void Rollback()
    {
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite rolls back by itself after some errors; there is then no transaction to end.
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { _storedETag, _upsert, _delete, _begin, _commit, _rollback })
        {
            command.Dispose();
        }

        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _writer.Dispose();
        _ownership.Dispose();
    }

    /// <summary>
    /// Holds an exclusive lock on <c>{path}.owner</c> for the store's lifetime: the kept values
    /// are right only while no other process or store writes the file. The operating system
    /// drops the lock when the process ends, however it ends.
    /// </summary>
    private static FileStream Own(string path)
    {
        try
        {
            return new FileStream(path + ".owner", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"{path} is in use by another store (another process of the same service on the same data directory?): one process owns one state file.", e);
        }
    }

    /// <summary>Every key the file holds goes into the filter before the store answers anything.</summary>
    private void LoadKeys(SqliteConnection connection)
    {
        using var keys = connection.CreateCommand();
        keys.CommandText = "SELECT key FROM state";
        using var reader = keys.ExecuteReader();
        while (reader.Read())
        {
            _keys.Add(reader.GetString(0));
        }
    }

    private string? StoredETag(string key, long now)
    {
        _storedETag.Parameters[0].Value = key;
        _storedETag.Parameters[1].Value = now;
        return (string?)_storedETag.ExecuteScalar();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>One caller's operations waiting for the writer, and the answer it awaits.</summary>
    private sealed class QueuedWrite(IReadOnlyList<StateOperation> operations)
    {
        public IReadOnlyList<StateOperation> Operations { get; } = operations;

        // Asynchronous continuations: the writer completes the answers and goes on with the next batch at once.
        public TaskCompletionSource<bool> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A reader connection with the one-key read prepared on it; used by one caller at a time.</summary>
    private sealed class OneKeyReader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _read;

        public OneKeyReader(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _read = Prepare(_connection, ReadOne, "$key", "$now");
        }

        public (StateItem? Item, long? ExpiresAt) Read(string key, long now)
        {
            _read.Parameters[0].Value = key;
            _read.Parameters[1].Value = now;
            using var reader = _read.ExecuteReader();
            return reader.Read()
                ? (new StateItem(key, (byte[])reader.GetValue(0), reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt64(2))
                : (null, null);
        }

        public void Dispose()
        {
            _read.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>
    /// The one table, a rowid table. A row holds a whole value (a cart is about 1 KB, an order
    /// more), and a WITHOUT ROWID table keeps rows in an index B-tree, whose cells hold at most
    /// about 1,000 bytes of a 4 KB page: the rest of a row goes to an overflow page, which
    /// SQLite reads from the file at every step of every search that passes the row (traced:
    /// <c>pread</c> under <c>accessPayload</c> in <c>sqlite3BtreeIndexMoveto</c>, three per
    /// write of a cart) and writes as one more page per write. A rowid table keeps up to about
    /// 4,000 bytes of a row in its cell, and searches the key in an index of keys alone.
    /// A file made before is copied into the new table once, in one transaction.
    /// </summary>
    private static void CreateOrUpgradeTable(SqliteConnection connection)
    {
        using var existing = connection.CreateCommand();
        existing.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'state'";
        var created = existing.ExecuteScalar() as string;
        if (created is not null && !created.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        const string Table = """
            CREATE TABLE {0} (
                key TEXT NOT NULL PRIMARY KEY,
                value BLOB NOT NULL,
                etag TEXT NOT NULL,
                expires_at INTEGER NULL
            );
            """;
        if (created is null)
        {
            Execute(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, Table, "state"));
            return;
        }

        using var transaction = connection.BeginTransaction();
        using var upgrade = connection.CreateCommand();
        upgrade.Transaction = transaction;
        upgrade.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, Table, "state_rows") + """
            INSERT INTO state_rows (key, value, etag, expires_at) SELECT key, value, etag, expires_at FROM state;
            DROP TABLE state;
            ALTER TABLE state_rows RENAME TO state;
            """;
        upgrade.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    // synchronous = NORMAL (set on the writer) is durable against a crash of the process in
    // WAL mode; only a power loss can drop the last transactions. Readers need no settings:
    // in WAL mode they never wait for the writer.
    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
