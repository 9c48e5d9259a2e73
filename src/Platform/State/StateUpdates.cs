using Checkout.Platform.Errors;

namespace Checkout.Platform.State;

/// <summary>
/// The one read-modify-write loop: read what the change needs (with ETags), decide, write
/// in one transaction under those ETags; when another writer got there first, read again.
/// Bounded, so a key too hot to update ends in CONCURRENT_UPDATE instead of spinning.
/// </summary>
public static class StateUpdates
{
    /// <summary>
    /// Every round of a race has a winner, so a writer can lose as many times as there are
    /// other writes to the same key at once. The bound sits well above what legitimately
    /// meets on one key: fourteen racing charges of one customer write its history twice
    /// each, 27 writes a loser may wait out (at 20, one gave up on a busy machine).
    /// </summary>
    public const int MaxAttempts = 50;

    /// <param name="store">The state store to update.</param>
    /// <param name="attempt">Reads and decides: the writes (none: nothing to do) and the result to return once they are committed.</param>
    /// <param name="what">What is being changed, for the error when it keeps conflicting.</param>
    /// <param name="cancellationToken">Stops between attempts and during reads and writes.</param>
    public static async Task<T> UpdateAsync<T>(
        this IStateStore store,
        Func<CancellationToken, Task<(IReadOnlyList<StateOperation> Writes, T Result)>> attempt,
        string what,
        CancellationToken cancellationToken)
    {
        // One span per update within a trace, named by what it writes (state reservation, state
        // order, state outbox); a background sweep's updates start no trace of their own.
        using var span = System.Diagnostics.Activity.Current is null ? null : Telemetry.CheckoutTelemetry.Source.StartActivity("state update", System.Diagnostics.ActivityKind.Internal);
        for (var i = 0; i < MaxAttempts; i++)
        {
            var (writes, result) = await attempt(cancellationToken);
            if (span is not null && writes.Count > 0)
            {
                var prefix = KeyPrefix(writes[0].Key);
                span.DisplayName = $"state {prefix}";
                span.SetTag(Telemetry.CheckoutTelemetry.Tags.StateKeyPrefix, prefix);
                span.SetTag(Telemetry.CheckoutTelemetry.Tags.StateOperations, writes.Count);
                span.SetTag("checkout.state.attempts", i + 1);
            }

            if (writes.Count == 0 || await store.TryTransactAsync(writes, cancellationToken))
            {
                return result;
            }
        }

        span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "CONCURRENT_UPDATE");
        throw DomainErrors.Create(Google.Rpc.Code.Aborted, "CONCURRENT_UPDATE", $"{what} changed {MaxAttempts} times while we tried to update it; try again.");
    }

    /// <summary>What kind of record a key holds: the part before its first colon (order:ORD-1 is an order).</summary>
    private static string KeyPrefix(string key) => key.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? key[..colon] : key;
}
