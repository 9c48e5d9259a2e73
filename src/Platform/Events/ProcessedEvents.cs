using Checkout.Platform.State;

namespace Checkout.Platform.Events;

/// <summary>
/// Exactly-once effects on top of at-least-once delivery: a consumer's state changes are
/// written in one transaction with a marker for the event id, so a duplicate delivery
/// finds the marker and changes nothing.
/// </summary>
public static class ProcessedEvents
{
    /// <summary>Markers outlive any redelivery window of the brokers we use.</summary>
    public static readonly TimeSpan MarkerLifetime = TimeSpan.FromDays(30);

    private static readonly byte[] Marker = "1"u8.ToArray();

    public static string Key(string eventId) => $"processed:{eventId}";

    /// <summary>
    /// Builds the changes for the event (reading what it needs, with ETags) and writes them
    /// with the marker; on a conflict it builds them again. Returns false for a duplicate.
    /// </summary>
    public static Task<bool> ApplyOnceAsync(
        this IStateStore store,
        string eventId,
        Func<CancellationToken, Task<IReadOnlyList<StateOperation>>> buildChanges,
        CancellationToken cancellationToken) =>
        store.UpdateAsync<bool>(async ct =>
        {
            if (await store.GetAsync(Key(eventId), ct) is not null)
            {
                return ([], false);
            }

            var changes = await buildChanges(ct);
            return ([.. changes, StateOperation.Upsert(Key(eventId), Marker, ETags.MustNotExist, MarkerLifetime)], true);
        }, $"The effects of event {eventId}", cancellationToken);
}
