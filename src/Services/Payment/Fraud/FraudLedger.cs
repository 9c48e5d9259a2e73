using Checkout.Platform.State;
using Microsoft.Extensions.Options;

namespace Checkout.Payment.Fraud;

/// <summary>
/// The charges the fraud screening counts, per customer and per card. A charge is recorded
/// in the same transaction as what decides on it (the payment and its verdict, then its
/// outcome: <see cref="ReadAsync"/>, <see cref="ChargeHistories.Writes"/>), under the ETags
/// the histories were read with, so charges racing each other each see those recorded before
/// them: a velocity limit lets through exactly as many as it allows, however many arrive at once.
/// </summary>
public sealed class FraudLedger(IStateStore store, TimeProvider clock, IOptions<FraudPolicy> policy)
{
    /// <summary>The customer's and the card's histories as stored now, to change and write in the caller's transaction.</summary>
    public async Task<ChargeHistories> ReadAsync(string customerId, string? cardFingerprint, CancellationToken cancellationToken)
    {
        var customerKey = ChargeHistory.CustomerKey(customerId);
        var customer = await store.GetJsonAsync<ChargeHistory>(customerKey, cancellationToken);
        var cardKey = cardFingerprint is null ? null : ChargeHistory.CardKey(cardFingerprint);
        var card = cardKey is null ? null : await store.GetJsonAsync<ChargeHistory>(cardKey, cancellationToken);
        return new ChargeHistories(policy.Value, clock.GetUtcNow(), (customerKey, customer), cardKey is null ? null : (cardKey, card));
    }
}

/// <summary>
/// A charge's customer and card histories, read under their ETags: <see cref="Record"/> and
/// <see cref="Settle"/> change them in memory, <see cref="Writes"/> are the upserts that store
/// them, to commit with whatever else the charge writes.
/// </summary>
public sealed class ChargeHistories
{
    private readonly FraudPolicy _policy;
    private readonly DateTimeOffset _now;
    private readonly (string Key, Versioned<ChargeHistory>? Stored) _customer;
    private readonly (string Key, Versioned<ChargeHistory>? Stored)? _card;

    internal ChargeHistories(FraudPolicy policy, DateTimeOffset now, (string Key, Versioned<ChargeHistory>? Stored) customer, (string Key, Versioned<ChargeHistory>? Stored)? card)
    {
        (_policy, _now, _customer, _card) = (policy, now, customer, card);
        Customer = customer.Stored?.Value ?? ChargeHistory.Empty;
        Card = card is null ? null : card.Value.Stored?.Value ?? ChargeHistory.Empty;
    }

    public ChargeHistory Customer { get; private set; }

    /// <summary>Null when the card has no fingerprint (the test cards anyone may use).</summary>
    public ChargeHistory? Card { get; private set; }

    /// <summary>Counts the charge, pending; a retried charge keeps its first record.</summary>
    public void Record(ChargeFacts charge) =>
        Put(history => history.Find(charge.OrderId) ?? new ChargeAttempt(charge.OrderId, charge.CustomerId, charge.AmountCents, _now, ChargeOutcome.Pending));

    /// <summary>Records how the charge ended.</summary>
    public void Settle(string orderId, string customerId, ChargeOutcome outcome) =>
        Put(history => (history.Find(orderId) ?? new ChargeAttempt(orderId, customerId, 0, _now, outcome)) with { Outcome = outcome });

    /// <summary>Both histories as changed, each under the ETag it was read with.</summary>
    public IReadOnlyList<StateOperation> Writes =>
        [Write(_customer.Key, _customer.Stored, Customer), .. _card is { } card ? [Write(card.Key, card.Stored, Card!)] : Array.Empty<StateOperation>()];

    private void Put(Func<ChargeHistory, ChargeAttempt> attemptIn)
    {
        Customer = Customer.With(attemptIn(Customer), _now, _policy.HistoryRetention, _policy.HistoryCap);
        Card = Card is null ? null : Card.With(attemptIn(Card), _now, _policy.HistoryRetention, _policy.HistoryCap);
    }

    private StateOperation Write(string key, Versioned<ChargeHistory>? stored, ChargeHistory next) =>
        StateOperation.Upsert(key, JsonStateExtensions.Serialize(next), stored?.ETag ?? ETags.MustNotExist, _policy.HistoryRetention);
}
