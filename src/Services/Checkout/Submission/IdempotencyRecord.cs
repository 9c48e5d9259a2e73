namespace Checkout.Checkouts;

/// <summary>
/// An idempotency key's record (key <c>idem:{customerId}:{key}</c>): the request it was
/// first used with, the submission it started (<paramref name="OrderId"/>), and once that
/// ended, its answer (an order, or a business error).
/// </summary>
public sealed record IdempotencyRecord(string RequestHash, bool Completed, int HttpStatus, byte[]? ResponseBody, string? OrderId = null, DateTimeOffset? ClaimedAt = null)
{
    /// <summary>How long a finished request's answer is replayed.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A claim whose caller died before its submission started expires after this long at the latest; the recovery grace takes it over sooner.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public static string Key(string customerId, string key) => $"idem:{customerId}:{key}";
}
