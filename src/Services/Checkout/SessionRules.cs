using Checkout.Contracts.Limits;
using Checkout.Platform.State;

namespace Checkout.Checkouts;

/// <summary>Rules of checkout sessions: how long they live, and which of a customer's sessions may be submitted.</summary>
public static class SessionRules
{
    /// <summary>A session can be submitted for 30 minutes after initiation.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Kept this long after expiry so a late submit hears "expired", not "unknown".</summary>
    public static readonly TimeSpan RetainedAfterExpiry = TimeSpan.FromDays(1);

    public static string Key(string sessionId) => $"session:{sessionId}";

    /// <summary>
    /// The other session of the customer being submitted now, if any. A submission that has
    /// held the cart longer than its holds last was cut off (its stock and limits have lapsed):
    /// it no longer blocks the customer.
    /// </summary>
    public static string? SubmittingElsewhere(CustomerCheckouts checkouts, string sessionId, DateTimeOffset now) =>
        checkouts.SubmittingSessionId is { } other && other != sessionId && now - checkouts.SubmittingSince < SubmissionHolds.HoldTime
            ? other
            : null;

    /// <summary>A session begun before the customer's last order was placed holds a cart that has been ordered since.</summary>
    public static bool Superseded(CustomerCheckouts checkouts, DateTimeOffset sessionCreatedAt) =>
        checkouts.LastOrderAt is { } lastOrder && sessionCreatedAt <= lastOrder;
}

/// <summary>
/// What checkout knows of a customer's cart (key <c>checkouts-of:{customerId}</c>): the
/// session being submitted now, and the last order placed from it.
/// </summary>
public sealed record CustomerCheckouts(string? SubmittingSessionId, DateTimeOffset? SubmittingSince, string? LastOrderId, DateTimeOffset? LastOrderAt) : IImmutableState
{
    public static readonly CustomerCheckouts None = new(null, null, null, null);

    public static string Key(string customerId) => $"checkouts-of:{customerId}";
}
