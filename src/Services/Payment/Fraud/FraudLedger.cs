using Checkout.Platform.State;
using Microsoft.Extensions.Options;

namespace Checkout.Payment.Fraud;

/// <summary>
/// The charges the fraud screening counts, per customer and per card. A charge is recorded
/// before it is judged, in one transaction with its customer's and card's histories, so
/// charges racing each other each see those recorded before them: a velocity limit lets
/// through exactly as many as it allows, however many arrive at once.
/// </summary>
public sealed class FraudLedger(IStateStore store, TimeProvider clock, IOptions<FraudPolicy> policy)
{
    /// <summary>Records the charge (pending; a retried charge keeps its first record) and answers both histories as written.</summary>
    public Task<(ChargeHistory Customer, ChargeHistory? Card)> RecordAsync(ChargeFacts charge, string? cardFingerprint, CancellationToken cancellationToken) =>
        UpdateAsync(charge.OrderId, charge.CustomerId, cardFingerprint, (history, now) => history.Find(charge.OrderId) ?? new ChargeAttempt(charge.OrderId, charge.CustomerId, charge.AmountCents, now, ChargeOutcome.Pending), cancellationToken);

    /// <summary>Records how a recorded charge ended.</summary>
    public Task SettleAsync(string orderId, string customerId, string? cardFingerprint, ChargeOutcome outcome, CancellationToken cancellationToken) =>
        UpdateAsync(orderId, customerId, cardFingerprint, (history, now) => (history.Find(orderId) ?? new ChargeAttempt(orderId, customerId, 0, now, outcome)) with { Outcome = outcome }, cancellationToken);

    private Task<(ChargeHistory Customer, ChargeHistory? Card)> UpdateAsync(string orderId, string customerId, string? cardFingerprint, Func<ChargeHistory, DateTimeOffset, ChargeAttempt> attemptIn, CancellationToken cancellationToken) =>
        store.UpdateAsync<(ChargeHistory, ChargeHistory?)>(async ct =>
        {
            var now = clock.GetUtcNow();
            var settings = policy.Value;
            var writes = new List<StateOperation>();
            ChargeHistory Next(Versioned<ChargeHistory>? stored, string key)
            {
                var history = stored?.Value ?? ChargeHistory.Empty;
                var next = history.With(attemptIn(history, now), now, settings.HistoryRetention, settings.HistoryCap);
                writes.Add(StateOperation.Upsert(key, JsonStateExtensions.Serialize(next), stored?.ETag ?? ETags.MustNotExist, settings.HistoryRetention));
                return next;
            }

            var customerKey = ChargeHistory.CustomerKey(customerId);
            var customer = Next(await store.GetJsonAsync<ChargeHistory>(customerKey, ct), customerKey);
            ChargeHistory? card = null;
            if (cardFingerprint is not null)
            {
                var cardKey = ChargeHistory.CardKey(cardFingerprint);
                card = Next(await store.GetJsonAsync<ChargeHistory>(cardKey, ct), cardKey);
            }

            return (writes, (customer, card));
        }, $"Charge history of {orderId}", cancellationToken);
}
