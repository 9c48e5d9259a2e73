namespace Checkout.Payment.Fraud;

/// <summary>
/// The fraud screening's settings (section <c>Payment:Fraud</c>): the windows and limits of
/// each signal, each signal's weight, and the scores at which a charge is held for review or
/// declined. The defaults are what README ("Fraud checks") documents.
/// </summary>
public sealed class FraudPolicy
{
    public const string Section = "Payment:Fraud";

    /// <summary>Off: every charge is allowed unscreened (only for load tests of the gateway path).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The window in which charges and declines are counted.</summary>
    public TimeSpan VelocityWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>More charges than this by one customer within the window (this one included) is <see cref="FraudSignals.CustomerVelocity"/>.</summary>
    public int MaxChargesPerCustomer { get; set; } = 10;

    /// <summary>More charges than this on one card within the window is <see cref="FraudSignals.CardVelocity"/>.</summary>
    public int MaxChargesPerCard { get; set; } = 10;

    /// <summary>This many declines of one customer within the window already is <see cref="FraudSignals.CustomerDeclines"/>.</summary>
    public int MaxDeclinesPerCustomer { get; set; } = 3;

    /// <summary>This many declines of one card within the window already is <see cref="FraudSignals.CardDeclines"/>.</summary>
    public int MaxDeclinesPerCard { get; set; } = 3;

    /// <summary>The window in which the customers of a card are counted.</summary>
    public TimeSpan SharedCardWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>More customers than this paying with one card within its window is <see cref="FraudSignals.CardShared"/>.</summary>
    public int MaxCustomersPerCard { get; set; } = 3;

    /// <summary>With at least <see cref="UnusualAmountMinHistory"/> paid charges, an amount over this many times their average is <see cref="FraudSignals.UnusualAmount"/>.</summary>
    public int UnusualAmountFactor { get; set; } = 5;

    public int UnusualAmountMinHistory { get; set; } = 3;

    /// <summary>A customer with no paid charge yet paying this much or more (in cents) is <see cref="FraudSignals.NewCustomerLargeOrder"/>.</summary>
    public long NewCustomerLargeOrderCents { get; set; } = 250_000;

    /// <summary>A score from this on holds the charge for a reviewer.</summary>
    public int ReviewScore { get; set; } = 50;

    /// <summary>A score from this on declines the charge.</summary>
    public int DeclineScore { get; set; } = 80;

    /// <summary>What each signal adds to the score; a signal missing here weighs its default.</summary>
    public Dictionary<string, int> Weights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a customer's and a card's charges are remembered, and how many at most.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(90);

    public int HistoryCap { get; set; } = 100;

    public int WeightOf(string signal) => Weights.TryGetValue(signal, out var weight) ? weight : FraudSignals.DefaultWeights[signal];
}
