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

/// <summary>An idempotency key's record (key <c>idem:{customerId}:{key}</c>).</summary>
public sealed record IdempotencyRecord(string RequestHash, bool Completed, int HttpStatus, byte[]? ResponseBody)
{
    /// <summary>How long a finished request's answer is replayed.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A claim left by a caller that died is given up after this long.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public static string Key(string customerId, string key) => $"idem:{customerId}:{key}";
}
