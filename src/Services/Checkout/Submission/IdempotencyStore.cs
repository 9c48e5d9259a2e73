using Checkout.Platform.State;

namespace Checkout.Checkouts;

/// <summary>
/// Idempotency keys for submission (Stripe's semantics): the first request with a key
/// claims it; a repeat with the same body while it runs hears IN_PROGRESS, afterwards it
/// gets the stored answer; the same key with another body is a MISMATCH. The key is linked
/// to its submission when the submission starts, and answered when it ends, in the same
/// writes (<see cref="SubmissionStore"/>), so a crash cannot leave a key without an answer.
/// </summary>
public sealed class IdempotencyStore(IStateStore store, TimeProvider clock, Microsoft.Extensions.Options.IOptions<RecoveryOptions> recovery)
{
    public enum Outcome
    {
        Claimed,
        InProgress,
        Completed,
        Mismatch,
    }

    public Task<(Outcome Outcome, IdempotencyRecord? Record)> ClaimAsync(string customerId, string key, string requestHash, CancellationToken cancellationToken) =>
        store.UpdateAsync<(Outcome, IdempotencyRecord?)>(async ct =>
        {
            var existing = await store.GetJsonAsync<IdempotencyRecord>(IdempotencyRecord.Key(customerId, key), ct);
            var now = clock.GetUtcNow();
            if (existing is not null && !AbandonedClaim(existing.Value, requestHash, now))
            {
                var record = existing.Value;
                return ([], record.RequestHash != requestHash ? (Outcome.Mismatch, record) : record.Completed ? (Outcome.Completed, record) : (Outcome.InProgress, record));
            }

            var claim = new IdempotencyRecord(requestHash, false, 0, null, ClaimedAt: now);
            return ([StateOperation.Upsert(IdempotencyRecord.Key(customerId, key), JsonStateExtensions.Serialize(claim), existing?.ETag ?? ETags.MustNotExist, IdempotencyRecord.ClaimLease)], (Outcome.Claimed, claim));
        }, $"Idempotency key {key}", cancellationToken);

    /// <summary>
    /// A claim whose request died before its submission started (no order linked) and that
    /// has stood longer than the recovery grace: nothing will ever answer it, so the same
    /// request may run again. Once a submission is linked, recovery answers it instead.
    /// </summary>
    private bool AbandonedClaim(IdempotencyRecord record, string requestHash, DateTimeOffset now) =>
        !record.Completed && record.OrderId is null && record.RequestHash == requestHash && record.ClaimedAt is { } claimed && now - claimed >= recovery.Value.Grace;

    /// <summary>The write that links the claimed key to its submission; kept as long as the answer will be.</summary>
    public async Task<StateOperation?> PlanLinkAsync(string customerId, string key, string orderId, CancellationToken ct)
    {
        var existing = await store.GetJsonAsync<IdempotencyRecord>(IdempotencyRecord.Key(customerId, key), ct);
        return existing is null || existing.Value.Completed
            ? null
            : StateOperation.Upsert(IdempotencyRecord.Key(customerId, key), JsonStateExtensions.Serialize(existing.Value with { OrderId = orderId }), existing.ETag, IdempotencyRecord.Retention);
    }

    /// <summary>The write that answers the key (<paramref name="keep"/>), or releases it so the request can run again.</summary>
    public async Task<StateOperation?> PlanResolveAsync(string customerId, string key, bool keep, int httpStatus, byte[] body, CancellationToken ct)
    {
        var existing = await store.GetJsonAsync<IdempotencyRecord>(IdempotencyRecord.Key(customerId, key), ct);
        if (existing is null || existing.Value.Completed)
        {
            return null;
        }

        return keep
            ? StateOperation.Upsert(IdempotencyRecord.Key(customerId, key), JsonStateExtensions.Serialize(existing.Value with { Completed = true, HttpStatus = httpStatus, ResponseBody = body }), existing.ETag, IdempotencyRecord.Retention)
            : StateOperation.Delete(IdempotencyRecord.Key(customerId, key), existing.ETag);
    }

    /// <summary>Answers or releases a key whose request ended before any submission started.</summary>
    public Task ResolveAsync(string customerId, string key, bool keep, int httpStatus, byte[] body, CancellationToken cancellationToken) =>
        store.UpdateAsync<bool>(async ct => (await PlanResolveAsync(customerId, key, keep, httpStatus, body, ct) is { } write ? [write] : [], true), $"Idempotency key {key}", cancellationToken);
}
