using System.Text.Json;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The sidecar double's answers to the Dapr API: state against the shared
/// <see cref="StateBackend"/> under daprd's key scheme, publishing through the shared
/// <see cref="Broker"/>; every call is written to the <see cref="WireLog"/>.
/// </summary>
public sealed class SidecarApi(SidecarContext sidecar) : DaprApiBase
{
    private string AppId => sidecar.AppId;

    public override Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        sidecar.Wire.Add(new WireCall(AppId, "GetState", request.StoreName, request.Key));
        var entry = sidecar.State.Get(StoredKey(request.StoreName, request.Key));
        return Task.FromResult(entry is null ? new GetStateResponse() : new GetStateResponse { Data = ByteString.CopyFrom(entry.Value), Etag = entry.ETag });
    }

    public override Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        sidecar.Wire.Add(new WireCall(AppId, "GetBulkState", request.StoreName, string.Join(",", request.Keys)));
        var response = new GetBulkStateResponse();
        foreach (var key in request.Keys)
        {
            var entry = sidecar.State.Get(StoredKey(request.StoreName, key));
            response.Items.Add(entry is null ? new BulkStateItem { Key = key } : new BulkStateItem { Key = key, Data = ByteString.CopyFrom(entry.Value), Etag = entry.ETag });
        }

        return Task.FromResult(response);
    }

    public override Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        var writes = request.States.Select(item => Write(request.StoreName, "SaveState", item, delete: false)).ToList();
        return Apply(writes);
    }

    public override Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        var item = new StateItem { Key = request.Key, Etag = request.Etag, Options = request.Options };
        item.Metadata.Add(request.Metadata);
        return Apply([Write(request.StoreName, "DeleteState", item, delete: true)]);
    }

    public override async Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        // On a store with an outbox, operations marked outbox.projection=true are published, not stored.
        var outboxTopic = sidecar.Stores.GetValueOrDefault(request.StoreName);
        var projections = request.Operations.Where(op => outboxTopic is not null && op.Request.Metadata.TryGetValue("outbox.projection", out var p) && p == "true").ToList();
        var writes = request.Operations.Except(projections)
            .Select(op => Write(request.StoreName, "Transaction", op.Request, delete: op.OperationType == "delete"))
            .ToList();
        await Apply(writes);
        foreach (var projection in projections)
        {
            var metadata = projection.Request.Metadata;
            var cloudEvent = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["specversion"] = "1.0",
                ["id"] = metadata.GetValueOrDefault("cloudevent.id") ?? Guid.NewGuid().ToString(),
                ["type"] = metadata.GetValueOrDefault("cloudevent.type") ?? "com.dapr.event.sent",
                ["source"] = metadata.GetValueOrDefault("cloudevent.source") ?? AppId,
                ["time"] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                ["datacontenttype"] = "application/json",
                ["data"] = JsonDocument.Parse(projection.Request.Value.Memory).RootElement,
            });
            sidecar.Wire.Add(new WireCall(
                AppId,
                "OutboxPublish",
                request.StoreName,
                projection.Request.Key,
                PubSub: "pubsub",
                Topic: outboxTopic,
                EventId: cloudEvent.GetProperty("id").GetString(),
                EventType: cloudEvent.GetProperty("type").GetString(),
                EventSource: cloudEvent.GetProperty("source").GetString(),
                Payload: cloudEvent.GetRawText()));
            await sidecar.Broker.PublishAsync("pubsub", outboxTopic!, cloudEvent);
        }

        return new Empty();
    }

    public override async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        var cloudEvent = JsonDocument.Parse(request.Data.Memory).RootElement.Clone();
        sidecar.Wire.Add(new WireCall(
            AppId,
            "PublishEvent",
            PubSub: request.PubsubName,
            Topic: request.Topic,
            ContentType: request.DataContentType,
            EventId: cloudEvent.GetProperty("id").GetString(),
            EventType: cloudEvent.GetProperty("type").GetString(),
            EventSource: cloudEvent.GetProperty("source").GetString(),
            Payload: cloudEvent.GetRawText()));
        if (request.DataContentType != "application/cloudevents+json")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "This double only relays complete CloudEvents."));
        }

        await sidecar.Broker.PublishAsync(request.PubsubName, request.Topic, cloudEvent);
        return new Empty();
    }

    private StateBackend.Write Write(string store, string api, StateItem item, bool delete)
    {
        var metadata = item.Metadata.ToDictionary(m => m.Key, m => m.Value);
        var firstWrite = item.Options?.Concurrency == StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite;
        sidecar.Wire.Add(new WireCall(AppId, api, store, item.Key, item.Etag?.Value, firstWrite ? "first-write" : "last-write", metadata, Path: delete ? "delete" : "upsert"));
        TimeSpan? ttl = metadata.TryGetValue("ttlInSeconds", out var seconds) ? TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new StateBackend.Write(StoredKey(store, item.Key), delete ? null : item.Value.ToByteArray(), delete, item.Etag?.Value, firstWrite, ttl);
    }

    private Task<Empty> Apply(IReadOnlyList<StateBackend.Write> writes) =>
        sidecar.State.Apply(writes)
            ? Task.FromResult(new Empty())
            : throw new RpcException(new Status(StatusCode.Aborted, "possible etag mismatch"));

    private string StoredKey(string store, string key)
    {
        if (!sidecar.Stores.ContainsKey(store))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"state store {store} is not found"));
        }

        // daprd's key scheme; every declared store points at the same database, as in components/.
        return $"{AppId}||{key}";
    }
}

/// <summary>
/// What one sidecar knows: its app, the infrastructure all sidecars share, and the
/// declared state stores with the topic of each one's outbox (null: no outbox).
/// </summary>
public sealed record SidecarContext(string AppId, StateBackend State, Broker Broker, WireLog Wire, IReadOnlyDictionary<string, string?> Stores);
