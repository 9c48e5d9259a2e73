using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.State;

namespace Checkout.CheckoutService;

/// <summary>
/// Idempotency keys for checkout submission (Stripe's semantics): the first request with a
/// key claims it; a request with the same key and body while it runs hears IN_PROGRESS,
/// afterwards it gets the stored answer; the same key with another body is a MISMATCH.
/// </summary>
public sealed class IdempotencyStore(IStateStore store)
{
    public async Task<ClaimIdempotencyKeyResponse> ClaimAsync(string customerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var storeKey = IdempotencyRecord.Key(customerId, key);
        while (true)
        {
            var existing = await store.GetJsonAsync<IdempotencyRecord>(storeKey, cancellationToken);
            if (existing is not null)
            {
                var record = existing.Value;
                if (record.RequestHash != requestHash)
                {
                    return new ClaimIdempotencyKeyResponse { Outcome = IdempotencyOutcome.Mismatch };
                }

                return record.Completed
                    ? new ClaimIdempotencyKeyResponse { Outcome = IdempotencyOutcome.Completed, HttpStatus = record.HttpStatus, ResponseBody = Google.Protobuf.ByteString.CopyFrom(record.ResponseBody ?? []) }
                    : new ClaimIdempotencyKeyResponse { Outcome = IdempotencyOutcome.InProgress };
            }

            if (await store.TrySaveJsonAsync(storeKey, new IdempotencyRecord(requestHash, false, 0, null), ETags.MustNotExist, IdempotencyRecord.ClaimLease, cancellationToken))
            {
                return new ClaimIdempotencyKeyResponse { Outcome = IdempotencyOutcome.Claimed };
            }
        }
    }

    public async Task ResolveAsync(ResolveIdempotencyKeyRequest request, CancellationToken cancellationToken)
    {
        var storeKey = IdempotencyRecord.Key(request.CustomerId, request.Key);
        var existing = await store.GetJsonAsync<IdempotencyRecord>(storeKey, cancellationToken);
        if (existing is null || existing.Value.Completed)
        {
            return;
        }

        if (request.Keep)
        {
            var done = existing.Value with { Completed = true, HttpStatus = request.HttpStatus, ResponseBody = request.ResponseBody.ToByteArray() };
            await store.TrySaveJsonAsync(storeKey, done, existing.ETag, IdempotencyRecord.Retention, cancellationToken);
        }
        else
        {
            await store.TryDeleteAsync(storeKey, existing.ETag, cancellationToken);
        }
    }
}
