using Checkout.Contracts.Payment.V1;

namespace Checkout.Payment.Fraud;

/// <summary>How risky the gateway's own screening finds a card (the simulated gateway: by its test numbers).</summary>
public enum GatewayRisk
{
    Normal,
    Elevated,
    Highest,
}

/// <summary>What the screening knows of the charge itself.</summary>
public sealed record ChargeFacts(string OrderId, string CustomerId, long AmountCents, string? BillingCountry, string? ShippingCountry, GatewayRisk GatewayRisk);

/// <summary>The screening's verdict: allow, review or decline, the score and the signals that made it.</summary>
public sealed record RiskVerdict(RiskDecision Decision, int Score, IReadOnlyList<string> Reasons)
{
    public static readonly RiskVerdict Unscreened = new(RiskDecision.Allow, 0, []);
}

/// <summary>
/// The fraud rules, pure: the signals a charge shows against its customer's and its card's
/// recent charges, and the decision their weights add up to (<see cref="FraudPolicy"/>).
/// The histories may or may not hold the charge itself already; it is counted once either way.
/// </summary>
public static class FraudRules
{
    public static RiskVerdict Assess(ChargeFacts charge, ChargeHistory customer, ChargeHistory? card, FraudPolicy policy, DateTimeOffset now)
    {
        if (!policy.Enabled)
        {
            return RiskVerdict.Unscreened;
        }

        var reasons = Signals(charge, customer, card, policy, now).ToList();
        var score = reasons.Sum(policy.WeightOf);
        var decision = score >= policy.DeclineScore ? RiskDecision.Decline
            : score >= policy.ReviewScore ? RiskDecision.Review
            : RiskDecision.Allow;
        return new RiskVerdict(decision, score, reasons);
    }

    private static IEnumerable<string> Signals(ChargeFacts charge, ChargeHistory customer, ChargeHistory? card, FraudPolicy policy, DateTimeOffset now)
    {
        var recent = now - policy.VelocityWindow;
        var customerEarlier = Earlier(customer, charge).ToList();
        if (customerEarlier.Count(a => a.At >= recent) + 1 > policy.MaxChargesPerCustomer)
        {
            yield return FraudSignals.CustomerVelocity;
        }

        if (customerEarlier.Count(a => a.At >= recent && a.Outcome == ChargeOutcome.Declined) >= policy.MaxDeclinesPerCustomer)
        {
            yield return FraudSignals.CustomerDeclines;
        }

        // A card without a history is a shared test card: it stands for many real cards, so
        // only the customer's signals apply to it.
        if (card is not null)
        {
            var cardEarlier = Earlier(card, charge).ToList();
            if (cardEarlier.Count(a => a.At >= recent) + 1 > policy.MaxChargesPerCard)
            {
                yield return FraudSignals.CardVelocity;
            }

            if (cardEarlier.Count(a => a.At >= recent && a.Outcome == ChargeOutcome.Declined) >= policy.MaxDeclinesPerCard)
            {
                yield return FraudSignals.CardDeclines;
            }

            var customers = cardEarlier.Where(a => a.At >= now - policy.SharedCardWindow).Select(a => a.CustomerId).Append(charge.CustomerId).Distinct(StringComparer.Ordinal).Count();
            if (customers > policy.MaxCustomersPerCard)
            {
                yield return FraudSignals.CardShared;
            }
        }

        var paid = customerEarlier.Where(a => a.Outcome == ChargeOutcome.Completed).ToList();
        if (paid.Count == 0 && charge.AmountCents >= policy.NewCustomerLargeOrderCents)
        {
            yield return FraudSignals.NewCustomerLargeOrder;
        }

        // amount > factor × average, kept in whole cents: amount × count > factor × sum.
        if (paid.Count >= policy.UnusualAmountMinHistory && (decimal)charge.AmountCents * paid.Count > (decimal)policy.UnusualAmountFactor * paid.Sum(a => a.AmountCents))
        {
            yield return FraudSignals.UnusualAmount;
        }

        if (!string.IsNullOrEmpty(charge.BillingCountry) && !string.IsNullOrEmpty(charge.ShippingCountry) && !string.Equals(charge.BillingCountry, charge.ShippingCountry, StringComparison.OrdinalIgnoreCase))
        {
            yield return FraudSignals.CountryMismatch;
        }

        switch (charge.GatewayRisk)
        {
            case GatewayRisk.Elevated:
                yield return FraudSignals.GatewayRiskElevated;
                break;
            case GatewayRisk.Highest:
                yield return FraudSignals.GatewayRiskHighest;
                break;
        }
    }

    /// <summary>The history's charges other than this one.</summary>
    private static IEnumerable<ChargeAttempt> Earlier(ChargeHistory history, ChargeFacts charge) =>
        history.Attempts.Where(a => a.OrderId != charge.OrderId);
}
