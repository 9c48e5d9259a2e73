namespace Checkout.Bff.Conventions;

/// <summary>
/// When a client may try again (RFC 9110 Retry-After, in seconds): on 503, and on a
/// conflict that passes by itself (a session being submitted, a request with the same
/// idempotency key still running, a record that kept changing).
/// </summary>
public static class RetryAfter
{
    public const int UnavailableSeconds = 2;
    public const int BusySeconds = 1;

    private static readonly HashSet<string> PassingConflicts = ["SESSION_BUSY", "REQUEST_IN_PROGRESS", "CONCURRENT_UPDATE"];

    /// <summary>The delay to advise for a response, or null when retrying the same request will not help.</summary>
    public static int? SecondsFor(int status, string reason) => status switch
    {
        StatusCodes.Status503ServiceUnavailable => UnavailableSeconds,
        StatusCodes.Status409Conflict when PassingConflicts.Contains(reason) => BusySeconds,
        _ => null,
    };
}
