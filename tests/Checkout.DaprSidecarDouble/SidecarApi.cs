using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The sidecar double's answers to the Dapr API, each as daprd gives it (dapr
/// pkg/api/grpc/grpc.go, pkg/api/universal; rows in docs/dapr-semantics.md): state
/// against the app's loaded stores under daprd's key scheme, publishing through the shared
/// <see cref="Broker"/>, metadata listing the loaded components. Every call is written to
/// the <see cref="WireLog"/>.
/// </summary>
public sealed class SidecarApi(SidecarContext sidecar) : DaprApiBase
{
    private string AppId => sidecar.AppId;

    public override Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        sidecar.Wire.Add(new WireCall(AppId, "GetState", request.StoreName, request.Key));
        var entry = Backend(request.StoreName).Get(StoredKey(request.Key));
        // A missing key is not an error: empty data and an empty ETag.
        return Task.FromResult(entry is null ? new GetStateResponse() : new GetStateResponse { Data = ByteString.CopyFrom(entry.Value), Etag = entry.ETag });
    }

    public override Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        sidecar.Wire.Add(new WireCall(AppId, "GetBulkState", request.StoreName, string.Join(",", request.Keys)));
        var backend = Backend(request.StoreName);
        var found = new List<BulkStateItem>();
        var missing = new List<BulkStateItem>();
        foreach (var key in request.Keys.Distinct())
        {
            var entry = backend.Get(StoredKey(key));
            (entry is null ? missing : found).Add(entry is null ? new BulkStateItem { Key = key } : new BulkStateItem { Key = key, Data = ByteString.CopyFrom(entry.Value), Etag = entry.ETag });
        }

        // The SQL stores answer in one query: rows in the table's order, duplicates collapsed,
        // missing keys appended (state/sqlite, state/postgresql/v2 BulkGet). Not the order asked.
        var response = new GetBulkStateResponse();
        response.Items.AddRange(found.OrderBy(i => i.Key, StringComparer.Ordinal).Concat(missing));
        return Task.FromResult(response);
    }

    public override Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        var backend = Backend(request.StoreName);
        var errors = new List<StoreError>();
        foreach (var item in request.States)
        {
            if (item.Key.Length == 0)
            {
                throw DaprError(StatusCode.InvalidArgument, "state key cannot be empty");
            }

            // More than one item is the store's BulkSet: each item on its own, not atomic.
            if (backend.Apply(Operation(request.StoreName, "SaveState", item, delete: false)) is { } error)
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0
            ? Task.FromResult(new Empty())
            : throw DaprError(StatusOf(errors), $"failed saving state in state store {request.StoreName}: {string.Join("\n", errors.Select(e => e.Message))}");
    }

    public override Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        var item = new StateItem { Key = request.Key, Etag = request.Etag, Options = request.Options };
        item.Metadata.Add(request.Metadata);
        return Backend(request.StoreName).Apply(Operation(request.StoreName, "DeleteState", item, delete: true)) is { } error
            ? throw DaprError(StatusOf([error]), $"failed deleting state with key {request.Key}: {error.Message}")
            : Task.FromResult(new Empty());
    }

    public override Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        var backend = Backend(request.StoreName);
        var operations = request.Operations.Select(op => op.OperationType switch
        {
            "upsert" => Operation(request.StoreName, "Transaction", op.Request, delete: false),
            "delete" => Operation(request.StoreName, "Transaction", op.Request, delete: true),
            _ => throw DaprError(StatusCode.Unimplemented, $"operation type {op.OperationType} not supported"),
        }).ToList();

        // Whatever the store says, a failed transaction is Internal (ERR_STATE_TRANSACTION), never Aborted.
        return backend.Transact(operations) is { } error
            ? throw DaprError(StatusCode.Internal, $"error while executing state transaction: {error.Message}")
            : Task.FromResult(new Empty());
    }

    public override async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        await sidecar.Broker.PublishAsync(AppId, request);
        return new Empty();
    }

    public override Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context)
    {
        sidecar.Wire.Add(new WireCall(AppId, "GetMetadata"));
        var response = new GetMetadataResponse { Id = AppId };
        foreach (var store in sidecar.Resources.StateStoresOf(AppId))
        {
            response.RegisteredComponents.Add(new RegisteredComponents { Name = store.Name, Type = store.Type, Version = store.Version, Capabilities = { StateComponent.Capabilities } });
        }

        foreach (var pubsub in sidecar.Resources.PubSubsOf(AppId))
        {
            // pubsub.redis reports no features (contrib pubsub/redis/redis.go Features returns nil).
            response.RegisteredComponents.Add(new RegisteredComponents { Name = pubsub.Name, Type = pubsub.Type, Version = pubsub.Version });
        }

        return Task.FromResult(response);
    }

    /// <summary>getStateErrorCode: an ETag mismatch anywhere is Aborted, an invalid ETag InvalidArgument, anything else Internal.</summary>
    private static StatusCode StatusOf(IReadOnlyList<StoreError> errors) =>
        errors.FirstOrDefault(e => e.Kind != "plain")?.Kind switch
        {
            "mismatch" => StatusCode.Aborted,
            "invalid" => StatusCode.InvalidArgument,
            _ => StatusCode.Internal,
        };

    private static RpcException DaprError(StatusCode code, string message) => new(new Status(code, message));

    private StateBackend.Operation Operation(string store, string api, StateItem item, bool delete)
    {
        var metadata = item.Metadata.ToDictionary(m => m.Key, m => m.Value);
        var concurrency = item.Options?.Concurrency switch
        {
            StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite => "first-write",
            StateOptions.Types.StateConcurrency.ConcurrencyLastWrite => "last-write",
            _ => string.Empty,
        };
        sidecar.Wire.Add(new WireCall(AppId, api, store, item.Key, item.Etag?.Value, concurrency, metadata, Path: delete ? "delete" : "upsert"));
        TimeSpan? ttl = metadata.TryGetValue("ttlInSeconds", out var seconds) && int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) > 0
            ? TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            : null;
        return new StateBackend.Operation(StoredKey(item.Key), delete ? null : item.Value.ToByteArray(), delete, item.Etag?.Value, concurrency, ttl);
    }

    /// <summary>GetStateStore: no store loaded at all is FailedPrecondition, an unknown name InvalidArgument.</summary>
    private StateBackend Backend(string store)
    {
        var loaded = sidecar.Resources.StateStoresOf(AppId);
        if (loaded.Count == 0)
        {
            throw DaprError(StatusCode.FailedPrecondition, $"state store {store} is not configured");
        }

        return loaded.Any(s => s.Name == store)
            ? sidecar.Backends[store]
            : throw DaprError(StatusCode.InvalidArgument, $"state store {store} is not found");
    }

    /// <summary>The default keyPrefix strategy, appid: "{appId}||{key}"; a key may not contain "||".</summary>
    private string StoredKey(string key) =>
        key.Contains("||", StringComparison.Ordinal)
            ? throw DaprError(StatusCode.InvalidArgument, $"input key/keyPrefix '{key}' can't contain '||'")
            : $"{AppId}||{key}";
}

/// <summary>What one sidecar knows: its app, the resources it loaded, the stores' data and the broker all sidecars share.</summary>
public sealed record SidecarContext(string AppId, DaprResources Resources, IReadOnlyDictionary<string, StateBackend> Backends, Broker Broker, WireLog Wire);
