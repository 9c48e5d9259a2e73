using Microsoft.Data.Sqlite;

namespace Checkout.Platform.State;

/// <summary>
/// The embedded default: one SQLite file per service in WAL mode. Durable across
/// restarts and crashes of the process; writes are serialized inside the process
/// (one service owns one file) on one long-lived connection and checked against ETags
/// inside one transaction; reads use pooled connections, which WAL lets run alongside.
/// The statements run on every call are prepared once and kept: the writer's under its lock,
/// a single key's read on each of a set of reader connections kept for reuse (Microsoft.Data.Sqlite
/// prepares a command's SQL again for every new command, and its connection pool takes a lock).
/// </summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    private const string ReadOne = "SELECT value, etag FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)";

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _storedETag;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly System.Collections.Concurrent.ConcurrentBag<OneKeyReader> _readers = [];

    public SqliteStateStore(string path, TimeProvider timeProvider)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
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
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS state (
                key TEXT NOT NULL PRIMARY KEY,
                value BLOB NOT NULL,
                etag TEXT NOT NULL,
                expires_at INTEGER NULL
            ) WITHOUT ROWID;
            """);
        using var purge = connection.CreateCommand();
        purge.CommandText = "DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= $now";
        purge.Parameters.AddWithValue("$now", Now());
        purge.ExecuteNonQuery();

        _storedETag = Prepare(_writer, "SELECT etag FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)", "$key", "$now");
        _upsert = Prepare(_writer, """
            INSERT INTO state (key, value, etag, expires_at) VALUES ($key, $value, $etag, $expires)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
            """, "$key", "$value", "$etag", "$expires");
        _delete = Prepare(_writer, "DELETE FROM state WHERE key = $key", "$key");
    }

    public Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_readers.TryTake(out var reader))
        {
            reader = new OneKeyReader(_connectionString);
        }

        try
        {
            return Task.FromResult(reader.Read(key, Now()));
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    public async Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        var names = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            names[i] = "$k" + i;
            command.Parameters.AddWithValue(names[i], keys[i]);
        }

        command.CommandText = $"SELECT key, value, etag FROM state WHERE key IN ({string.Join(',', names)}) AND (expires_at IS NULL OR expires_at > $now)";
        command.Parameters.AddWithValue("$now", Now());
        var items = new List<StateItem>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new StateItem(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2)));
        }

        return items;
    }

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Upsert(key, value, etag, timeToLive)], cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Delete(key, etag)], cancellationToken);

    public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction();
            var now = Now();
            foreach (var op in operations)
            {
                _storedETag.Transaction = transaction;
                _storedETag.Parameters[0].Value = op.Key;
                _storedETag.Parameters[1].Value = now;
                if (!ETags.Holds((string?)_storedETag.ExecuteScalar(), op.ETag))
                {
                    return false;
                }
            }

            foreach (var op in operations)
            {
                if (op.Kind == StateOperationKind.Delete)
                {
                    _delete.Transaction = transaction;
                    _delete.Parameters[0].Value = op.Key;
                    _delete.ExecuteNonQuery();
                    continue;
                }

                _upsert.Transaction = transaction;
                _upsert.Parameters[0].Value = op.Key;
                _upsert.Parameters[1].Value = op.Value.ToArray();
                _upsert.Parameters[2].Value = Guid.CreateVersion7().ToString("N");
                _upsert.Parameters[3].Value = op.TimeToLive is { } ttl ? now + (long)ttl.TotalMilliseconds : DBNull.Value;
                _upsert.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { _storedETag, _upsert, _delete })
        {
            command.Dispose();
        }

        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _writer.Dispose();
        _writeLock.Dispose();
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

        public StateItem? Read(string key, long now)
        {
            _read.Parameters[0].Value = key;
            _read.Parameters[1].Value = now;
            using var reader = _read.ExecuteReader();
            return reader.Read() ? new StateItem(key, (byte[])reader.GetValue(0), reader.GetString(1)) : null;
        }

        public void Dispose()
        {
            _read.Dispose();
            _connection.Dispose();
        }
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
