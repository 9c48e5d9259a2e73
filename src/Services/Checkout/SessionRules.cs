namespace Checkout.CheckoutService;

/// <summary>Rules of checkout sessions: how long they live and which states they pass through.</summary>
public static class SessionRules
{
    /// <summary>A session can be submitted for 30 minutes after initiation.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Kept this long after expiry so a late submit hears "expired", not "unknown".</summary>
    public static readonly TimeSpan RetainedAfterExpiry = TimeSpan.FromDays(1);

    public static string Key(string sessionId) => $"session:{sessionId}";
}
