using System.Text.Json;
using Checkout.Platform.Errors;
using Checkout.Platform.State;

namespace Checkout.Platform.Events;

/// <summary>
/// The events this app's consumers gave up on, kept in the app's own state store so they
/// outlive the process in both modes: the embedded bus hands them over when its attempts run
/// out, Dapr delivers them on the app's dead-letter topic. Listed and replayed through
/// <see cref="DeadLetterGrpcService"/>.
/// </summary>
public sealed class DeadLetterStore(IStateStore store, IEnumerable<IEventConsumer> consumers, EventMetrics metrics, TimeProvider clock)
{
    public const string IndexKey = "deadletter:index";

    public static string Key(string topic, string eventId) => $"deadletter:{topic}:{eventId}";

    /// <summary>
    /// Why the app last refused an event daprd is still retrying: daprd's dead letter does not
    /// say, so the app remembers it (in memory; after a restart the dead letter says less).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _refusals = new(StringComparer.Ordinal);

    public void Refused(string eventId, string error) => _refusals[eventId] = error;

    public void Handled(string eventId) => _refusals.TryRemove(eventId, out _);

    /// <summary>The last refusal of <paramref name="eventId"/>, forgotten once asked for.</summary>
    public string? LastRefusal(string eventId) => _refusals.TryRemove(eventId, out var error) ? error : null;

    /// <summary>Keeps <paramref name="cloudEvent"/> (published on <paramref name="topic"/>) with the consumer's last error; a repeat updates the error.</summary>
    public async Task AddAsync(string topic, CloudEvent cloudEvent, string error, CancellationToken cancellationToken)
    {
        var key = Key(topic, cloudEvent.Id);
        var added = await store.UpdateAsync<bool>(async ct =>
        {
            var index = await store.GetJsonAsync<DeadLetterIndex>(IndexKey, ct);
            var existing = await store.GetJsonAsync<DeadLetterRecord>(key, ct);
            var record = new DeadLetterRecord(topic, cloudEvent with { Topic = topic }, error, clock.GetUtcNow());
            var writes = new List<StateOperation> { StateOperation.Upsert(key, JsonStateExtensions.Serialize(record), existing?.ETag ?? ETags.MustNotExist) };
            if (index?.Value.Keys.Contains(key, StringComparer.Ordinal) != true)
            {
                writes.Add(StateOperation.Upsert(IndexKey, JsonStateExtensions.Serialize(new DeadLetterIndex([.. index?.Value.Keys ?? [], key])), index?.ETag ?? ETags.MustNotExist));
            }

            return (writes, existing is null);
        }, $"Dead letter {cloudEvent.Id}", cancellationToken);
        if (added)
        {
            metrics.DeadLettered(topic);
        }
    }

    /// <summary>Every dead letter kept, oldest first.</summary>
    public async Task<IReadOnlyList<DeadLetterRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var index = await store.GetJsonAsync<DeadLetterIndex>(IndexKey, cancellationToken);
        if (index is null || index.Value.Keys.Count == 0)
        {
            return [];
        }

        var items = await store.GetManyAsync(index.Value.Keys, cancellationToken);
        return [.. items.Select(i => JsonSerializer.Deserialize<DeadLetterRecord>(i.Value.Span, JsonStateExtensions.Options)!).OrderBy(r => r.DeadLetteredAt)];
    }

    /// <summary>
    /// Hands the event to this app's consumers of its topic again; handled, it is forgotten.
    /// Refused, it stays with the new error and the refusal is REPLAY_FAILED.
    /// </summary>
    public async Task<DeadLetterRecord> ReplayAsync(string topic, string eventId, CancellationToken cancellationToken)
    {
        var key = Key(topic, eventId);
        var stored = await store.GetJsonAsync<DeadLetterRecord>(key, cancellationToken)
            ?? throw DomainErrors.NotFound("DEAD_LETTER_NOT_FOUND", $"No dead letter {eventId} on {topic} is kept here.");
        try
        {
            foreach (var consumer in consumers.Where(c => c.Topic == topic))
            {
                await consumer.HandleAsync(stored.Value.Event, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await AddAsync(topic, stored.Value.Event, ex.Message, cancellationToken);
            throw DomainErrors.FailedPrecondition("REPLAY_FAILED", $"Event {eventId} on {topic} was refused again: {ex.Message}");
        }

        await store.UpdateAsync<bool>(async ct =>
        {
            var index = await store.GetJsonAsync<DeadLetterIndex>(IndexKey, ct);
            var remaining = (index?.Value.Keys ?? []).Where(k => k != key).ToList();
            List<StateOperation> writes = [StateOperation.Delete(key, ETags.Any)];
            if (index is not null)
            {
                writes.Add(StateOperation.Upsert(IndexKey, JsonStateExtensions.Serialize(new DeadLetterIndex(remaining)), index.ETag));
            }

            return (writes, true);
        }, $"Dead letter {eventId}", cancellationToken);
        return stored.Value;
    }
}

/// <summary>A dead letter: the event as delivered, the topic it was published on, the last error and when it was given up on.</summary>
public sealed record DeadLetterRecord(string Topic, CloudEvent Event, string Error, DateTimeOffset DeadLetteredAt) : IImmutableState;

public sealed record DeadLetterIndex(IReadOnlyList<string> Keys) : IImmutableState;
