namespace Checkout.Payment.Fraud;

/// <summary>The signals the fraud screening looks for, as its reasons name them, and what each weighs by default.</summary>
public static class FraudSignals
{
    public const string CustomerVelocity = "CUSTOMER_VELOCITY";
    public const string CardVelocity = "CARD_VELOCITY";
    public const string CustomerDeclines = "CUSTOMER_DECLINES";
    public const string CardDeclines = "CARD_DECLINES";
    public const string CardShared = "CARD_SHARED";
    public const string UnusualAmount = "UNUSUAL_AMOUNT";
    public const string NewCustomerLargeOrder = "NEW_CUSTOMER_LARGE_ORDER";
    public const string CountryMismatch = "COUNTRY_MISMATCH";

    /// <summary>The gateway's own risk screening found the card risky (as Stripe Radar's "elevated" and "highest" risk levels).</summary>
    public const string GatewayRiskElevated = "GATEWAY_RISK_ELEVATED";
    public const string GatewayRiskHighest = "GATEWAY_RISK_HIGHEST";

    /// <summary>
    /// Velocity, repeated declines and a card shared by many customers decline on their own
    /// (80); an unusual amount or a new customer's large order holds for review (50); a country
    /// mismatch alone lets the charge through (30) but declines it together with a review signal.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> DefaultWeights = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [CustomerVelocity] = 80,
        [CardVelocity] = 80,
        [CustomerDeclines] = 80,
        [CardDeclines] = 80,
        [CardShared] = 80,
        [UnusualAmount] = 50,
        [NewCustomerLargeOrder] = 50,
        [CountryMismatch] = 30,
        [GatewayRiskElevated] = 50,
        [GatewayRiskHighest] = 100,
    };
}
