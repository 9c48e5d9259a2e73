using Checkout.Platform.State;

namespace Checkout.Payment.Fraud;

public enum ChargeOutcome
{
    Pending,
    Completed,
    Declined,
}

/// <summary>One charge as the fraud screening remembers it: whose, how much, when, and how it ended.</summary>
public sealed record ChargeAttempt(string OrderId, string CustomerId, long AmountCents, DateTimeOffset At, ChargeOutcome Outcome) : IImmutableState;

/// <summary>
/// The recent charges of one customer (key <c>risk:customer:{id}</c>) or one card (key
/// <c>risk:card:{fingerprint}</c>), newest first. An order appears once: recording it
/// again replaces it, so a retried charge is not counted twice.
/// </summary>
public sealed record ChargeHistory(IReadOnlyList<ChargeAttempt> Attempts) : IImmutableState
{
    public static readonly ChargeHistory Empty = new([]);

    public static string CustomerKey(string customerId) => $"risk:customer:{customerId}";

    public static string CardKey(string fingerprint) => $"risk:card:{fingerprint}";

    /// <summary>This history with <paramref name="attempt"/> in its order's place (or newest), without what is older than the retention or beyond the cap.</summary>
    public ChargeHistory With(ChargeAttempt attempt, DateTimeOffset now, TimeSpan retention, int cap) =>
        new([.. Attempts.Where(a => a.OrderId != attempt.OrderId).Prepend(attempt).Where(a => now - a.At < retention).OrderByDescending(a => a.At).Take(cap)]);

    public ChargeAttempt? Find(string orderId) => Attempts.FirstOrDefault(a => a.OrderId == orderId);
}
