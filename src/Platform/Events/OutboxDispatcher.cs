using Checkout.Platform.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.Events;

/// <summary>
/// Publishes what <see cref="Outbox"/> committed: at once when signalled, and on a sweep
/// every second to pick up whatever a crash or a failed publish left behind.
/// </summary>
public sealed class OutboxDispatcher(IStateStore store, IEventPublisher publisher, EventMetrics metrics, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public void Signal() => _signal.Release();

    /// <summary>Signals not yet taken by the loop: what a test of a committer reads, with the loop not started.</summary>
    internal int PendingSignals => _signal.CurrentCount;

    /// <summary>Publishes everything pending now (also used by tests and at shutdown).</summary>
    public async Task DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var backlog = 0L;
            for (var shard = 0; shard < Outbox.Shards; shard++)
            {
                var pending = await store.GetJsonAsync<PendingEvents>(Outbox.PendingKey(shard), cancellationToken);
                backlog += pending?.Value.EventIds.Count ?? 0;
                // One order's next event is committed only once its previous one was handled, so
                // the events pending together belong to different orders: they go out together.
                var eventIds = pending?.Value.EventIds ?? [];
                await Task.WhenAll(eventIds.Select(async eventId =>
                {
                    var entry = await store.GetJsonAsync<OutboxEntry>(Outbox.EntryKey(eventId), cancellationToken);
                    if (entry is not null)
                    {
                        using var span = Telemetry.EventTracing.StartPublish(entry.Value.Topic, entry.Value.Event);
                        // Returns once the broker holds it (Dapr), or once every subscriber handled it (the embedded bus).
                        await publisher.PublishAsync(entry.Value.Topic, Telemetry.EventTracing.Carrying(entry.Value.Event, span), cancellationToken);
                    }
                }));

                if (eventIds.Count > 0)
                {
                    await RemoveAsync(shard, eventIds, cancellationToken);
                }
            }

            metrics.OutboxBacklog(backlog);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The events stay pending; the next sweep tries again.
                logger.LogWarning(ex, "Publishing outbox events failed; retrying on the next sweep");
            }

            try
            {
                // Real time on purpose: the sweep is plumbing, not domain time a test fakes.
                await _signal.WaitAsync(SweepInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Forgets published events: their entries and their places in the shard's list, in one write.</summary>
    private Task<bool> RemoveAsync(int shard, IReadOnlyList<string> eventIds, CancellationToken cancellationToken) =>
        store.UpdateAsync<bool>(async ct =>
        {
            var pending = await store.GetJsonAsync<PendingEvents>(Outbox.PendingKey(shard), ct);
            if (pending is null)
            {
                return ([], false);
            }

            var remaining = pending.Value.EventIds.Except(eventIds, StringComparer.Ordinal).ToList();
            var writes = eventIds.Select(id => StateOperation.Delete(Outbox.EntryKey(id), ETags.Any)).ToList();
            writes.Add(StateOperation.Upsert(Outbox.PendingKey(shard), JsonStateExtensions.Serialize(new PendingEvents(remaining)), pending.ETag));
            return (writes, true);
        }, $"Outbox list {shard}", cancellationToken);
}
