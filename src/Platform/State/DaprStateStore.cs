using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace Checkout.Platform.State;

/// <summary>
/// The Dapr adapter: the state API of the sidecar against the component named
/// <paramref name="storeName"/>. Values are stored as the raw JSON bytes; TTL travels as
/// the documented <c>ttlInSeconds</c> metadata.
/// <para>
/// daprd does not say "your condition failed" in one way (docs/dapr-semantics.md): a
/// single write answers <c>Aborted</c> for an ETag mismatch, but a create-only write that
/// finds the key answers <c>Aborted</c> on SQLite and <c>Internal</c> on PostgreSQL, and a
/// failed transaction is always <c>Internal</c> (ERR_STATE_TRANSACTION). So after any
/// failed conditional write the adapter reads the keys back: if a condition no longer
/// holds, the write lost a race (false, the caller re-reads); if every condition still
/// holds, the store itself failed and the error goes up. This is sound only on a store
/// whose transactions write all or nothing, which <see cref="DaprStateStoreCheck"/>
/// makes sure of at start-up.
/// </para>
/// </summary>
public sealed class DaprStateStore(DaprClient dapr, string storeName) : IStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };
    private static readonly StateOptions LastWrite = new() { Concurrency = ConcurrencyMode.LastWrite, Consistency = ConsistencyMode.Strong };

    public string StoreName => storeName;

    public async Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var (value, etag) = await dapr.GetByteStateAndETagAsync(storeName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken);
        return value.IsEmpty || string.IsNullOrEmpty(etag) ? null : new StateItem(key, value, etag);
    }

    public async Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var bulk = await dapr.GetBulkStateAsync(storeName, keys, parallelism: null, cancellationToken: cancellationToken);
        return bulk
            .Where(item => !string.IsNullOrEmpty(item.Value) && !string.IsNullOrEmpty(item.ETag))
            .Select(item => new StateItem(item.Key, System.Text.Encoding.UTF8.GetBytes(item.Value), item.ETag))
            .ToList();
    }

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Upsert(key, value, etag, timeToLive)], cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) =>
        TryTransactAsync([StateOperation.Delete(key, etag)], cancellationToken);

    public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        try
        {
            if (operations is [var single])
            {
                return await WriteOneAsync(single, cancellationToken);
            }

            await dapr.ExecuteStateTransactionAsync(storeName, operations.Select(ToTransactionRequest).ToList(), cancellationToken: cancellationToken);
            return true;
        }
        catch (DaprException ex) when (ex.InnerException is RpcException rpc && rpc.StatusCode != StatusCode.Cancelled)
        {
            if (rpc.StatusCode == StatusCode.Aborted || !await AllConditionsHoldAsync(operations, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>One operation as Dapr's transaction API takes it (ETag condition, TTL).</summary>
    private static StateTransactionRequest ToTransactionRequest(StateOperation op) => new(
        op.Key,
        op.Kind == StateOperationKind.Upsert ? op.Value.ToArray() : null,
        op.Kind == StateOperationKind.Upsert ? StateOperationType.Upsert : StateOperationType.Delete,
        ConditionETag(op.ETag),
        Metadata(op.TimeToLive),
        Options(op.ETag));

    /// <summary>A single write goes through SaveState/DeleteState (the SDK's Try* turn Aborted into false).</summary>
    private async Task<bool> WriteOneAsync(StateOperation op, CancellationToken cancellationToken)
    {
        var etag = ConditionETag(op.ETag);
        switch (op.Kind, etag)
        {
            case (StateOperationKind.Delete, null):
                await dapr.DeleteStateAsync(storeName, op.Key, Options(op.ETag), cancellationToken: cancellationToken);
                return true;
            case (StateOperationKind.Delete, _):
                return await dapr.TryDeleteStateAsync(storeName, op.Key, etag, Options(op.ETag), cancellationToken: cancellationToken);
            case (_, null):
                await dapr.SaveByteStateAsync(storeName, op.Key, op.Value, Options(op.ETag), Metadata(op.TimeToLive), cancellationToken);
                return true;
            default:
                return await dapr.TrySaveByteStateAsync(storeName, op.Key, op.Value, etag, Options(op.ETag), Metadata(op.TimeToLive), cancellationToken);
        }
    }

    /// <summary>After a failed write: does every condition it named still hold?</summary>
    private async Task<bool> AllConditionsHoldAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        var conditional = operations.Where(op => op.ETag != ETags.Any).ToList();
        if (conditional.Count == 0)
        {
            return true;
        }

        var stored = (await GetManyAsync(conditional.Select(op => op.Key).Distinct().ToList(), cancellationToken))
            .ToDictionary(item => item.Key, item => item.ETag, StringComparer.Ordinal);
        return conditional.All(op => ETags.Holds(stored.GetValueOrDefault(op.Key), op.ETag));
    }

    /// <summary>Unconditional writes are last-write; conditional ones first-write, which is how a store is told to insert only (create-only: no ETag).</summary>
    private static StateOptions Options(string etag) => etag == ETags.Any ? LastWrite : FirstWrite;

    /// <summary>daprd checks an ETag when one is sent; create-only is first-write concurrency with no ETag.</summary>
    private static string? ConditionETag(string etag) => etag is ETags.Any or ETags.MustNotExist ? null : etag;

    private static Dictionary<string, string>? Metadata(TimeSpan? timeToLive) =>
        timeToLive is { } ttl
            ? new Dictionary<string, string> { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;
}
