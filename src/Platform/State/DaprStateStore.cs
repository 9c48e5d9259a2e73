using Dapr;
using Dapr.Client;

namespace Checkout.Platform.State;

/// <summary>
/// The Dapr adapter: the state API of the sidecar against the component named
/// <paramref name="storeName"/>. Values are stored as the raw JSON bytes so they read
/// naturally in redis-cli; TTL travels as the documented <c>ttlInSeconds</c> metadata.
/// </summary>
public sealed class DaprStateStore(DaprClient dapr, string storeName) : IStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };
    private static readonly StateOptions LastWrite = new() { Concurrency = ConcurrencyMode.LastWrite, Consistency = ConsistencyMode.Strong };

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

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        var metadata = Metadata(timeToLive);
        try
        {
            switch (etag)
            {
                case ETags.Any:
                    await dapr.SaveByteStateAsync(storeName, key, value, LastWrite, metadata, cancellationToken);
                    return true;
                case ETags.MustNotExist:
                    // First-write concurrency without an ETag only inserts a key that is absent.
                    await dapr.SaveByteStateAsync(storeName, key, value, FirstWrite, metadata, cancellationToken);
                    return true;
                default:
                    return await dapr.TrySaveByteStateAsync(storeName, key, value, etag, FirstWrite, metadata, cancellationToken);
            }
        }
        catch (DaprException ex) when (IsConflict(ex))
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default)
    {
        if (etag == ETags.Any)
        {
            await dapr.DeleteStateAsync(storeName, key, LastWrite, cancellationToken: cancellationToken);
            return true;
        }

        try
        {
            return await dapr.TryDeleteStateAsync(storeName, key, etag, FirstWrite, cancellationToken: cancellationToken);
        }
        catch (DaprException ex) when (IsConflict(ex))
        {
            return false;
        }
    }

    public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        var requests = operations.Select(op => ToTransactionRequest(op)).ToList();
        try
        {
            await dapr.ExecuteStateTransactionAsync(storeName, requests, cancellationToken: cancellationToken);
            return true;
        }
        catch (DaprException ex) when (IsConflict(ex))
        {
            return false;
        }
    }

    /// <summary>One operation as Dapr's transaction API takes it (ETag condition, TTL, extra metadata).</summary>
    public static StateTransactionRequest ToTransactionRequest(StateOperation op, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var metadata = Metadata(op.TimeToLive) ?? [];
        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }

        return new StateTransactionRequest(
            op.Key,
            op.Kind == StateOperationKind.Upsert ? op.Value.ToArray() : null,
            op.Kind == StateOperationKind.Upsert ? StateOperationType.Upsert : StateOperationType.Delete,
            op.ETag is ETags.Any or ETags.MustNotExist ? null : op.ETag,
            metadata.Count == 0 ? null : metadata,
            op.ETag == ETags.Any ? LastWrite : FirstWrite);
    }

    private static Dictionary<string, string>? Metadata(TimeSpan? timeToLive) =>
        timeToLive is { } ttl
            ? new Dictionary<string, string> { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;

    // daprd reports a failed ETag condition as Aborted (or FailedPrecondition from some stores).
    public static bool IsConflict(DaprException ex) =>
        ex.InnerException is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Aborted or Grpc.Core.StatusCode.FailedPrecondition };
}
