using Microsoft.Data.Sqlite;

namespace Checkout.Platform.State;

/// <summary>
/// The embedded default: one SQLite file per service in WAL mode. Durable across
/// restarts and crashes of the process; writes are serialized inside the process
/// (one service owns one file) on one long-lived connection and checked against ETags
/// inside one transaction; reads use pooled connections, which WAL lets run alongside.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;

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
    }

    public async Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var items = await GetManyAsync([key], cancellationToken);
        return items.Count == 0 ? null : items[0];
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
            var connection = _writer;
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var now = Now();
            foreach (var op in operations)
            {
                if (!ETags.Holds(await StoredETagAsync(connection, transaction, op.Key, now, cancellationToken), op.ETag))
                {
                    return false;
                }
            }

            foreach (var op in operations)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.Parameters.AddWithValue("$key", op.Key);
                if (op.Kind == StateOperationKind.Delete)
                {
                    command.CommandText = "DELETE FROM state WHERE key = $key";
                }
                else
                {
                    command.CommandText = """
                        INSERT INTO state (key, value, etag, expires_at) VALUES ($key, $value, $etag, $expires)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
                        """;
                    command.Parameters.AddWithValue("$value", op.Value.ToArray());
                    command.Parameters.AddWithValue("$etag", Guid.CreateVersion7().ToString("N"));
                    command.Parameters.AddWithValue("$expires", op.TimeToLive is { } ttl ? now + (long)ttl.TotalMilliseconds : DBNull.Value);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private static async Task<string?> StoredETagAsync(SqliteConnection connection, SqliteTransaction transaction, string key, long now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT etag FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$now", now);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
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
