using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.State;
using Google.Protobuf;
using Grpc.Core;

namespace Checkout.Checkouts;

/// <summary>
/// Submission records and the list of those not yet ended (sharded, so concurrent
/// submissions rarely touch the same key). Starting writes the session's lock, the cart's
/// claim, the record, its place in the open list and the idempotency key's link in one
/// transaction; ending writes the answer, the session's end, the key's answer and the
/// record's removal from the open list in one transaction.
/// </summary>
public sealed class SubmissionStore(IStateStore store, SessionStore sessions, IdempotencyStore keys, TimeProvider clock)
{
    public const int Shards = 8;

    public static string OpenKey(int shard) => $"submissions:open:{shard}";

    public static int ShardOf(string orderId) => KeyShards.Of(orderId, Shards);

    /// <summary>Locks the session for a new submission and records it as Started.</summary>
    public Task<(CheckoutSession Session, SubmissionRecord Record)> StartAsync(SubmitOrderRequest request, CancellationToken cancellationToken) =>
        store.UpdateAsync(async ct =>
        {
            var (writes, session) = await sessions.PlanStartAsync(request.SessionId, request.CustomerId, ct);
            var now = clock.GetUtcNow();
            var key = string.IsNullOrEmpty(request.IdempotencyKey) ? null : request.IdempotencyKey;
            var record = new SubmissionRecord(session.OrderId, session.SessionId, request.CustomerId, key, request.ToByteArray(), SubmissionStage.Started, null, null, now, now);
            var all = new List<StateOperation>(writes) { StateOperation.Upsert(SubmissionRecord.Key(record.OrderId), JsonStateExtensions.Serialize(record), ETags.MustNotExist) };
            all.Add(await PlanOpenListAsync(record.OrderId, add: true, ct));
            if (key is not null && await keys.PlanLinkAsync(request.CustomerId, key, record.OrderId, ct) is { } link)
            {
                all.Add(link);
            }

            return (all, (session, record));
        }, $"Checkout session {request.SessionId}", cancellationToken);

    /// <summary>
    /// Moves the record from <paramref name="from"/> to <paramref name="to"/>; ABORTED
    /// SUBMISSION_TAKEN_OVER when it is no longer at <paramref name="from"/> (recovery or a
    /// parallel attempt moved it first), so only one actor carries a submission on.
    /// </summary>
    public Task<SubmissionRecord> AdvanceAsync(string orderId, SubmissionStage from, SubmissionStage to, StoredError? error, CancellationToken cancellationToken) =>
        store.UpdateAsync<SubmissionRecord>(async ct =>
        {
            var stored = await GetVersionedAsync(orderId, ct);
            if (stored.Value.Stage != from)
            {
                throw DomainErrors.Aborted("SUBMISSION_TAKEN_OVER", $"Submission {orderId} is {stored.Value.Stage}, not {from}.");
            }

            var next = stored.Value with { Stage = to, Error = error ?? stored.Value.Error, UpdatedAt = clock.GetUtcNow() };
            IReadOnlyList<StateOperation> writes = [StateOperation.Upsert(SubmissionRecord.Key(orderId), JsonStateExtensions.Serialize(next), stored.ETag)];
            return (writes, next);
        }, $"Submission {orderId}", cancellationToken);

    /// <summary>
    /// Charging → Held: the payment waits for a fraud reviewer. The placed order is the
    /// client's answer now (its idempotency key replays it), and the session and the cart's
    /// claim end as for a placed order; the submission stays open until the review decides.
    /// Holding again changes nothing.
    /// </summary>
    public Task<SubmissionRecord> HoldAsync(string orderId, Contracts.Order.V1.Order held, CancellationToken cancellationToken) =>
        store.UpdateAsync<SubmissionRecord>(async ct =>
        {
            var stored = await GetVersionedAsync(orderId, ct);
            if (stored.Value.Stage == SubmissionStage.Held)
            {
                return (Array.Empty<StateOperation>(), stored.Value);
            }

            if (stored.Value.Stage != SubmissionStage.Charging)
            {
                throw DomainErrors.Aborted("SUBMISSION_TAKEN_OVER", $"Submission {orderId} is {stored.Value.Stage}, not {SubmissionStage.Charging}.");
            }

            var record = stored.Value with { Stage = SubmissionStage.Held, Order = held.ToByteArray(), UpdatedAt = clock.GetUtcNow() };
            var writes = new List<StateOperation> { StateOperation.Upsert(SubmissionRecord.Key(orderId), JsonStateExtensions.Serialize(record), stored.ETag) };
            writes.AddRange(await sessions.PlanEndAsync(record.SessionId, orderId, SessionStatus.Completed, ct));
            if (record.IdempotencyKey is { } key && await keys.PlanResolveAsync(record.CustomerId, key, keep: true, 202, held.ToByteArray(), ct) is { } answer)
            {
                writes.Add(answer);
            }

            return ((IReadOnlyList<StateOperation>)writes, record);
        }, $"Submission {orderId}", cancellationToken);

    /// <summary>The submissions whose payment waits for a fraud reviewer.</summary>
    public async Task<IReadOnlyList<SubmissionRecord>> HeldAsync(CancellationToken cancellationToken)
    {
        var open = await OpenAsync(cancellationToken);
        var records = await store.GetManyJsonAsync<SubmissionRecord>(open.Select(SubmissionRecord.Key).ToList(), cancellationToken);
        return [.. records.Select(r => r.Value).Where(r => r.Stage == SubmissionStage.Held).OrderBy(r => r.StartedAt)];
    }

    /// <summary>Ends the submission with its answer: the order, or the error (the session opens again). Ending twice changes nothing.</summary>
    public Task<SubmissionRecord> EndAsync(string orderId, Contracts.Order.V1.Order? order, StoredError? error, CancellationToken cancellationToken) =>
        store.UpdateAsync<SubmissionRecord>(async ct =>
        {
            var stored = await GetVersionedAsync(orderId, ct);
            if (stored.Value.Ended)
            {
                return (Array.Empty<StateOperation>(), stored.Value);
            }

            var record = stored.Value;
            var ended = record with
            {
                Stage = order is null ? SubmissionStage.Failed : SubmissionStage.Completed,
                Order = order?.ToByteArray(),
                Error = order is null ? error ?? record.Error : null,
                UpdatedAt = clock.GetUtcNow(),
            };
            var writes = new List<StateOperation> { StateOperation.Upsert(SubmissionRecord.Key(orderId), JsonStateExtensions.Serialize(ended), stored.ETag, IdempotencyRecord.Retention) };
            writes.AddRange(await sessions.PlanEndAsync(record.SessionId, orderId, order is null ? SessionStatus.Open : SessionStatus.Completed, ct));
            writes.Add(await PlanOpenListAsync(orderId, add: false, ct));
            if (record.IdempotencyKey is { } key)
            {
                var answer = order is not null
                    ? await keys.PlanResolveAsync(record.CustomerId, key, keep: true, 201, order.ToByteArray(), ct)
                    : await keys.PlanResolveAsync(record.CustomerId, key, keep: ended.Error?.IsAnswer == true, ended.Error?.Code == (int)StatusCode.NotFound ? 404 : 400, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ended.Error), ct);
                if (answer is not null)
                {
                    writes.Add(answer);
                }
            }

            return ((IReadOnlyList<StateOperation>)writes, ended);
        }, $"Submission {orderId}", cancellationToken);

    public async Task<SubmissionRecord?> GetAsync(string orderId, CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<SubmissionRecord>(SubmissionRecord.Key(orderId), cancellationToken))?.Value;

    /// <summary>The ids of submissions not yet ended.</summary>
    public async Task<IReadOnlyList<string>> OpenAsync(CancellationToken cancellationToken)
    {
        var lists = await store.GetManyJsonAsync<OpenSubmissions>(Enumerable.Range(0, Shards).Select(OpenKey).ToList(), cancellationToken);
        return lists.SelectMany(l => l.Value.OrderIds).ToList();
    }

    private async Task<Versioned<SubmissionRecord>> GetVersionedAsync(string orderId, CancellationToken ct) =>
        await store.GetJsonAsync<SubmissionRecord>(SubmissionRecord.Key(orderId), ct)
        ?? throw DomainErrors.NotFound("SUBMISSION_NOT_FOUND", $"Submission {orderId} does not exist.");

    private async Task<StateOperation> PlanOpenListAsync(string orderId, bool add, CancellationToken ct)
    {
        var key = OpenKey(ShardOf(orderId));
        var stored = await store.GetJsonAsync<OpenSubmissions>(key, ct);
        var ids = (stored?.Value.OrderIds ?? []).Where(id => id != orderId).ToList();
        if (add)
        {
            ids.Add(orderId);
        }

        return StateOperation.Upsert(key, JsonStateExtensions.Serialize(new OpenSubmissions(ids)), stored?.ETag ?? ETags.MustNotExist);
    }
}

public sealed record OpenSubmissions(IReadOnlyList<string> OrderIds) : IImmutableState;
