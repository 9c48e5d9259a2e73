using System.Security.Cryptography;
using Checkout.Payment.Fraud;
using Checkout.Platform.State;

namespace Checkout.Payment.Gateway;

/// <summary>
/// A payment gateway stand-in that answers like a real one for the test cards: success
/// with a transaction id, declined, insufficient funds, or a timeout (in which case, as
/// our contract with the gateway says, nothing was charged). Like real gateways it takes an
/// idempotency key: a charge asked again with the same key answers the first outcome and
/// charges nothing more. Its ledger (<c>gateway:{key}</c>) stands for the gateway's own
/// records, which outlive a crash of ours.
/// </summary>
public sealed class SimulatedGateway(IStateStore ledger, TimeProvider clock)
{
    public sealed record Outcome(GatewayResult Result, string? TransactionId, string Message) : IImmutableState;

    /// <summary>How many charges the gateway has taken (tests check nothing was charged twice).</summary>
    public int Charges => _charges;

    private int _charges;

    /// <summary>The gateway's own risk screening of a card (as Stripe Radar's test cards ending 9235 and 0019).</summary>
    public static GatewayRisk RiskOf(VaultedCard card) => card.Last4 switch
    {
        "9235" => GatewayRisk.Elevated,
        "0019" => GatewayRisk.Highest,
        _ => GatewayRisk.Normal,
    };

    public async Task<Outcome> ChargeAsync(VaultedCard card, long amountCents, string idempotencyKey, CancellationToken cancellationToken)
    {
        var key = $"gateway:{idempotencyKey}";
        if (await ledger.GetJsonAsync<Outcome>(key, cancellationToken) is { } earlier)
        {
            return earlier.Value;
        }

        var outcome = Decide(card, amountCents, clock.GetUtcNow());
        if (!await ledger.TrySaveJsonAsync(key, outcome, ETags.MustNotExist, cancellationToken: cancellationToken))
        {
            // The same key charged concurrently: the first outcome stands.
            return (await ledger.GetJsonAsync<Outcome>(key, cancellationToken))!.Value;
        }

        if (outcome.Result == GatewayResult.Completed)
        {
            Interlocked.Increment(ref _charges);
        }

        return outcome;
    }

    private static Outcome Decide(VaultedCard card, long amountCents, DateTimeOffset now) => card.Last4 switch
    {
        _ when card.ExpiredAt(now) => new Outcome(GatewayResult.Declined, null, "Your card has expired."),
        "0002" => new Outcome(GatewayResult.Declined, null, "Your card was declined."),
        "9995" => new Outcome(GatewayResult.InsufficientFunds, null, "Your card has insufficient funds."),
        "0119" => new Outcome(GatewayResult.TimedOut, null, "The payment gateway did not answer in time; nothing was charged."),
        _ => new Outcome(GatewayResult.Completed, $"txn_{RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue)}{RandomNumberGenerator.GetInt32(10, 100)}", amountCents > 0 ? "Charged." : "Nothing to charge."),
    };
}

public enum GatewayResult
{
    Completed,
    Declined,
    InsufficientFunds,
    TimedOut,
}
