namespace Checkout.CheckoutService;

/// <summary>An idempotency key's record (key <c>idem:{customerId}:{key}</c>).</summary>
public sealed record IdempotencyRecord(string RequestHash, bool Completed, int HttpStatus, byte[]? ResponseBody)
{
    /// <summary>How long a finished request's answer is replayed.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A claim left by a caller that died is given up after this long.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public static string Key(string customerId, string key) => $"idem:{customerId}:{key}";
}
