using System.Security.Cryptography;

namespace Checkout.Payment;

/// <summary>
/// A payment gateway stand-in that answers like a real one for the test cards: success
/// with a transaction id, declined, insufficient funds, or a timeout (in which case, as
/// our contract with the gateway says, nothing was charged).
/// </summary>
public sealed class SimulatedGateway
{
    public sealed record Outcome(GatewayResult Result, string? TransactionId, string Message);

    public Outcome Charge(PaymentVault.VaultedCard card, long amountCents) => card.Last4 switch
    {
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
