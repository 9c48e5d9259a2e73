namespace Checkout.Payment;

/// <summary>
/// The payment of one order (key <c>payment:{orderId}</c>). It is created before the
/// gateway is called, so a second attempt for the same order finds it and never charges again.
/// <see cref="Risk"/> is the fraud screening's verdict, set once: a retried charge is not
/// judged again, and a reviewer's approval (<see cref="Reviewer"/>) lets it reach the gateway.
/// <see cref="Card"/> is the card as it was when the payment began (its gateway token, never
/// a number): a retry charges that card, also after the customer removed it from their cards.
/// </summary>
public sealed record PaymentRecord(string OrderId, string CustomerId, string PaymentMethodId, string Method, string Last4, long AmountCents, string Status, string? TransactionId, string? FailureReason)
{
    public const string Pending = "PENDING";
    public const string HeldForReview = "HELD_FOR_REVIEW";
    public const string FraudDeclined = "FRAUD_DECLINED";

    public VaultedCard? Card { get; init; }

    public StoredRisk? Risk { get; init; }

    public string? Reviewer { get; init; }

    public static string Key(string orderId) => $"payment:{orderId}";
}

/// <summary>A fraud verdict as the payment keeps it.</summary>
public sealed record StoredRisk(Contracts.Payment.V1.RiskDecision Decision, int Score, IReadOnlyList<string> Reasons);
