using Checkout.Contracts.Payment.V1;
using Checkout.Payment;
using Checkout.Payment.Fraud;

namespace Checkout.UnitTests.Payment;

public sealed class FraudRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly FraudPolicy Policy = new();

    private static ChargeFacts Charge(long cents = 10_000, string customer = "C1", string? billing = "US", string? shipping = "US", GatewayRisk risk = GatewayRisk.Normal) =>
        new("ORD-NOW", customer, cents, billing, shipping, risk);

    private static ChargeAttempt Earlier(int i, ChargeOutcome outcome = ChargeOutcome.Completed, long cents = 10_000, string customer = "C1", TimeSpan? ago = null) =>
        new($"ORD-{i}", customer, cents, Now - (ago ?? TimeSpan.FromMinutes(i + 1)), outcome);

    private static ChargeHistory History(params ChargeAttempt[] attempts) => new(attempts);

    /// <summary>A customer with enough paid history not to count as new.</summary>
    private static ChargeHistory Regular(int paid = 3, long cents = 10_000) =>
        History([.. Enumerable.Range(0, paid).Select(i => Earlier(i, cents: cents, ago: TimeSpan.FromDays(i + 2)))]);

    private static RiskVerdict Assess(ChargeFacts charge, ChargeHistory customer, ChargeHistory? card = null, FraudPolicy? policy = null) =>
        FraudRules.Assess(charge, customer, card, policy ?? Policy, Now);

    [Fact]
    public void An_ordinary_charge_of_a_regular_customer_is_allowed_with_no_reasons()
    {
        var verdict = Assess(Charge(), Regular());
        Assert.Equal((RiskDecision.Allow, 0), (verdict.Decision, verdict.Score));
        Assert.Empty(verdict.Reasons);
    }

    [Theory]
    [InlineData(9, RiskDecision.Allow)]    // 9 earlier + this one = 10, the limit
    [InlineData(10, RiskDecision.Decline)] // the eleventh in the hour
    public void More_charges_than_the_limit_in_the_window_decline(int earlier, RiskDecision expected)
    {
        var customer = History([.. Regular().Attempts, .. Enumerable.Range(100, earlier).Select(i => Earlier(i, ago: TimeSpan.FromMinutes(1)))]);
        var verdict = Assess(Charge(), customer);
        Assert.Equal(expected, verdict.Decision);
        Assert.Equal(expected == RiskDecision.Decline, verdict.Reasons.Contains(FraudSignals.CustomerVelocity));
    }

    [Theory]
    [InlineData(FraudSignals.CustomerVelocity)]
    [InlineData(FraudSignals.CustomerDeclines)]
    [InlineData(FraudSignals.CardVelocity)]
    [InlineData(FraudSignals.CardDeclines)]
    [InlineData(FraudSignals.CardShared)]
    public void A_charge_exactly_one_window_old_still_counts_and_one_a_moment_older_does_not(string signal)
    {
        static ChargeHistory Exactly(TimeSpan age, int count, ChargeOutcome outcome, bool manyCustomers) =>
            new([.. Enumerable.Range(0, count).Select(i => new ChargeAttempt($"ORD-E{i}", manyCustomers ? $"OTHER-{i}" : "C1", 10_000, Now - age, outcome))]);
        var (age, count, outcome, onCard, many) = signal switch
        {
            FraudSignals.CustomerVelocity => (Policy.VelocityWindow, 10, ChargeOutcome.Completed, false, false),
            FraudSignals.CustomerDeclines => (Policy.VelocityWindow, 3, ChargeOutcome.Declined, false, false),
            FraudSignals.CardVelocity => (Policy.VelocityWindow, 10, ChargeOutcome.Completed, true, false),
            FraudSignals.CardDeclines => (Policy.VelocityWindow, 3, ChargeOutcome.Declined, true, false),
            _ => (Policy.SharedCardWindow, 3, ChargeOutcome.Completed, true, true),
        };

        foreach (var (older, counted) in new[] { (TimeSpan.Zero, true), (TimeSpan.FromTicks(1), false) })
        {
            var history = Exactly(age + older, count, outcome, many);
            var verdict = onCard ? Assess(Charge(), Regular(), history) : Assess(Charge(), new ChargeHistory([.. Regular().Attempts, .. history.Attempts]));
            Assert.Equal(counted, verdict.Reasons.Contains(signal));
        }
    }

    [Fact]
    public void Charges_before_the_window_and_the_charge_itself_are_not_counted_again()
    {
        var old = Enumerable.Range(100, 20).Select(i => Earlier(i, ago: TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)));
        var itself = new ChargeAttempt("ORD-NOW", "C1", 10_000, Now, ChargeOutcome.Pending);
        var customer = History([itself, .. Enumerable.Range(200, 9).Select(i => Earlier(i, ago: TimeSpan.FromMinutes(59))), .. old, .. Regular().Attempts]);
        Assert.Equal(RiskDecision.Allow, Assess(Charge(), customer).Decision);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Repeated_declines_of_a_customer_decline_the_next_charge(int declines, bool flagged)
    {
        var customer = History([.. Regular().Attempts, .. Enumerable.Range(100, declines).Select(i => Earlier(i, ChargeOutcome.Declined, ago: TimeSpan.FromMinutes(1)))]);
        var verdict = Assess(Charge(), customer);
        Assert.Equal(flagged, verdict.Reasons.Contains(FraudSignals.CustomerDeclines));
        Assert.Equal(flagged ? RiskDecision.Decline : RiskDecision.Allow, verdict.Decision);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void A_card_charged_too_often_declines_whoever_pays_with_it(int earlier, bool flagged)
    {
        var card = History([.. Enumerable.Range(0, earlier).Select(i => Earlier(i, customer: "C1"))]);
        var verdict = Assess(Charge(), Regular(), card);
        Assert.Equal(flagged, verdict.Reasons.Contains(FraudSignals.CardVelocity));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void A_card_declined_repeatedly_is_flagged(int declines, bool flagged)
    {
        var card = History([.. Enumerable.Range(0, declines).Select(i => Earlier(i, ChargeOutcome.Declined))]);
        Assert.Equal(flagged, Assess(Charge(), Regular(), card).Reasons.Contains(FraudSignals.CardDeclines));
    }

    [Theory]
    [InlineData(2, false)] // two others and this customer: three, the limit
    [InlineData(3, true)]
    public void A_card_used_by_more_customers_than_the_limit_in_a_day_declines(int others, bool flagged)
    {
        var card = History([.. Enumerable.Range(0, others).Select(i => Earlier(i, customer: $"OTHER-{i}")), Earlier(50, customer: "C1")]);
        var verdict = Assess(Charge(), Regular(), card);
        Assert.Equal(flagged, verdict.Reasons.Contains(FraudSignals.CardShared));
        Assert.Equal(flagged ? RiskDecision.Decline : RiskDecision.Allow, verdict.Decision);
    }

    [Fact]
    public void Customers_of_a_card_more_than_a_day_ago_are_not_counted()
    {
        var card = History([.. Enumerable.Range(0, 5).Select(i => Earlier(i, customer: $"OTHER-{i}", ago: TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1)))]);
        Assert.DoesNotContain(FraudSignals.CardShared, Assess(Charge(), Regular(), card).Reasons);
    }

    [Fact]
    public void Without_a_card_history_a_shared_test_card_is_judged_by_the_customer_alone()
    {
        Assert.Equal(RiskDecision.Allow, Assess(Charge(), Regular(), card: null).Decision);
    }

    [Theory]
    [InlineData(249_999, RiskDecision.Allow)]
    [InlineData(250_000, RiskDecision.Review)]
    public void A_new_customers_large_first_order_is_held_for_review(long cents, RiskDecision expected)
    {
        var verdict = Assess(Charge(cents), ChargeHistory.Empty);
        Assert.Equal(expected, verdict.Decision);
        Assert.Equal(expected == RiskDecision.Review, verdict.Reasons.Contains(FraudSignals.NewCustomerLargeOrder));
    }

    [Fact]
    public void A_customer_whose_only_earlier_charges_failed_is_still_new()
    {
        var declined = History(Earlier(1, ChargeOutcome.Declined), Earlier(2, ChargeOutcome.Pending));
        Assert.Contains(FraudSignals.NewCustomerLargeOrder, Assess(Charge(300_000), declined).Reasons);
    }

    [Theory]
    [InlineData(50_000, false)] // exactly five times the average of 10,000
    [InlineData(50_001, true)]
    public void An_amount_far_above_the_customers_average_is_held_for_review(long cents, bool flagged)
    {
        var verdict = Assess(Charge(cents), Regular(paid: 3));
        Assert.Equal(flagged, verdict.Reasons.Contains(FraudSignals.UnusualAmount));
        Assert.Equal(flagged ? RiskDecision.Review : RiskDecision.Allow, verdict.Decision);
    }

    [Fact]
    public void An_unusual_amount_needs_enough_history_to_be_unusual()
    {
        Assert.DoesNotContain(FraudSignals.UnusualAmount, Assess(Charge(200_000), Regular(paid: 2)).Reasons);
    }

    [Fact]
    public void A_country_mismatch_alone_passes_and_with_a_review_signal_declines()
    {
        var mismatch = Assess(Charge(billing: "CA", shipping: "US"), Regular());
        Assert.Equal((RiskDecision.Allow, 30), (mismatch.Decision, mismatch.Score));
        Assert.Equal([FraudSignals.CountryMismatch], mismatch.Reasons);

        var large = Assess(Charge(300_000, billing: "CA", shipping: "US"), ChargeHistory.Empty);
        Assert.Equal((RiskDecision.Decline, 80), (large.Decision, large.Score));
        Assert.Equal([FraudSignals.NewCustomerLargeOrder, FraudSignals.CountryMismatch], large.Reasons);
    }

    [Theory]
    [InlineData("us", "US", false)]
    [InlineData(null, "US", false)]
    [InlineData("US", "", false)]
    [InlineData("DE", "US", true)]
    public void Countries_match_whatever_their_case_and_a_missing_one_is_no_mismatch(string? billing, string? shipping, bool flagged) =>
        Assert.Equal(flagged, Assess(Charge(billing: billing, shipping: shipping), Regular()).Reasons.Contains(FraudSignals.CountryMismatch));

    [Theory]
    [InlineData(GatewayRisk.Elevated, RiskDecision.Review, FraudSignals.GatewayRiskElevated)]
    [InlineData(GatewayRisk.Highest, RiskDecision.Decline, FraudSignals.GatewayRiskHighest)]
    public void The_gateways_own_risk_level_counts(GatewayRisk risk, RiskDecision expected, string signal)
    {
        var verdict = Assess(Charge(risk: risk), Regular());
        Assert.Equal(expected, verdict.Decision);
        Assert.Equal([signal], verdict.Reasons);
    }

    [Fact]
    public void Weights_and_thresholds_are_configuration()
    {
        var strict = new FraudPolicy { ReviewScore = 20, DeclineScore = 30, Weights = { [FraudSignals.CountryMismatch] = 25 } };
        Assert.Equal((RiskDecision.Review, 25), (Assess(Charge(billing: "CA"), Regular(), policy: strict).Decision, Assess(Charge(billing: "CA"), Regular(), policy: strict).Score));
        var lenient = new FraudPolicy { Enabled = false };
        Assert.Equal(RiskVerdict.Unscreened, Assess(Charge(900_000, billing: "CA", risk: GatewayRisk.Highest), ChargeHistory.Empty, policy: lenient));
    }

    [Fact]
    public void A_history_keeps_one_entry_per_order_newest_first_within_its_retention_and_cap()
    {
        var history = ChargeHistory.Empty
            .With(new ChargeAttempt("A", "C1", 100, Now.AddDays(-100), ChargeOutcome.Completed), Now, TimeSpan.FromDays(90), 3)
            .With(new ChargeAttempt("B", "C1", 100, Now.AddMinutes(-3), ChargeOutcome.Pending), Now, TimeSpan.FromDays(90), 3)
            .With(new ChargeAttempt("C", "C1", 100, Now.AddMinutes(-2), ChargeOutcome.Pending), Now, TimeSpan.FromDays(90), 3)
            .With(new ChargeAttempt("B", "C1", 100, Now.AddMinutes(-3), ChargeOutcome.Completed), Now, TimeSpan.FromDays(90), 3)
            .With(new ChargeAttempt("D", "C1", 100, Now.AddMinutes(-1), ChargeOutcome.Pending), Now, TimeSpan.FromDays(90), 3)
            .With(new ChargeAttempt("E", "C1", 100, Now, ChargeOutcome.Pending), Now, TimeSpan.FromDays(90), 3);
        Assert.Equal(["E", "D", "C"], history.Attempts.Select(a => a.OrderId));
        Assert.Null(history.Find("B"));
    }

    [Fact]
    public void A_charge_exactly_as_old_as_the_retention_is_forgotten()
    {
        var kept = ChargeHistory.Empty.With(new ChargeAttempt("A", "C1", 100, Now - TimeSpan.FromDays(90) + TimeSpan.FromTicks(1), ChargeOutcome.Completed), Now, TimeSpan.FromDays(90), 10);
        var forgotten = ChargeHistory.Empty.With(new ChargeAttempt("A", "C1", 100, Now - TimeSpan.FromDays(90), ChargeOutcome.Completed), Now, TimeSpan.FromDays(90), 10);
        Assert.Single(kept.Attempts);
        Assert.Empty(forgotten.Attempts);
    }

    [Theory]
    [InlineData(2024, 1, "2024-01-31T23:59:59Z", false)]
    [InlineData(2024, 1, "2024-02-01T00:00:00Z", true)]
    [InlineData(2024, 12, "2025-01-01T00:00:00Z", true)]
    public void A_card_is_good_through_the_last_day_of_its_expiry_month(int year, int month, string now, bool expired)
    {
        var card = new VaultedCard("PM", "C1", "credit_card", "visa", "4242", month, year, "tok", null, false);
        Assert.Equal(expired, card.ExpiredAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
