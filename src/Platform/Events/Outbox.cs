using Checkout.Platform.State;

namespace Checkout.Platform.Events;

/// <summary>
/// The transactional outbox on top of the state seam. An event is stored under
/// <c>outbox:{eventId}</c> and listed in one of <see cref="Shards"/> pending lists, in the
/// same transaction as the state change that causes it; <see cref="OutboxDispatcher"/>
/// publishes it afterwards and only then removes it. A crash between the two publishes
/// it again on restart, never loses it (consumers deduplicate by event id). The same
/// outbox runs under Dapr: Dapr's own outbox rewrites the CloudEvent and publishes one
/// event per upsert (docs/dapr-semantics.md), so it cannot carry the seed's events.
/// </summary>
public sealed class Outbox(IStateStore store, OutboxDispatcher dispatcher)
{
    /// <summary>Pending lists are sharded so concurrent writers rarely touch the same key.</summary>
    public const int Shards = 8;

    public static string EntryKey(string eventId) => $"outbox:{eventId}";

    public static string PendingKey(int shard) => $"outbox:pending:{shard}";

    /// <summary>Events of one partition (e.g. one order) share a pending list, so they go out in the order they were committed.</summary>
    public static int ShardOf(string partitionKey) => KeyShards.Of(partitionKey, Shards);

    /// <summary>
    /// The writes that commit <paramref name="changes"/> with the events, to go in one
    /// transaction; after it committed, call <see cref="Committed"/> so the events leave now.
    /// </summary>
    public async Task<IReadOnlyList<StateOperation>> PlanAsync(IReadOnlyList<StateOperation> changes, IReadOnlyList<OutboxEntry> events, CancellationToken cancellationToken)
    {
        var operations = new List<StateOperation>(changes);
        foreach (var group in events.GroupBy(e => ShardOf(e.PartitionKey ?? e.Event.Id)))
        {
            var pending = await store.GetJsonAsync<PendingEvents>(PendingKey(group.Key), cancellationToken);
            var ids = (pending?.Value.EventIds ?? []).Concat(group.Select(e => e.Event.Id)).ToList();
            operations.Add(StateOperation.Upsert(PendingKey(group.Key), JsonStateExtensions.Serialize(new PendingEvents(ids)), pending?.ETag ?? ETags.MustNotExist));
            // Each event remembers the span that committed it, so its publishing and handling join that trace.
            operations.AddRange(group.Select(e => StateOperation.Upsert(EntryKey(e.Event.Id), JsonStateExtensions.Serialize(e with { Event = Telemetry.EventTracing.WithCurrentTrace(e.Event) }), ETags.MustNotExist)));
        }

        return operations;
    }

    /// <summary>Tells the dispatcher that events were committed (it also sweeps every second).</summary>
    public void Committed() => dispatcher.Signal();
}

/// <summary>An event to publish on <paramref name="Topic"/>; <paramref name="PartitionKey"/> keeps related events in order.</summary>
public sealed record OutboxEntry(string Topic, CloudEvent Event, string? PartitionKey = null) : IImmutableState;

public sealed record PendingEvents(IReadOnlyList<string> EventIds) : IImmutableState;
