namespace Checkout.Bff.Protection;

/// <summary>
/// How much one client may call the API (<c>Bff:RateLimits</c>). A client is the customer a
/// bearer token names, or the address of an anonymous caller. Every /api call counts against
/// <see cref="Api"/>; a checkout initiation, a submission and a development token also count
/// against their own, tighter limit. The defaults are well above what a person shopping does
/// and are met at once by a script.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Bff:RateLimits";

    /// <summary>Off only for load tests and benchmarks, which are scripts by design.</summary>
    public bool Enabled { get; set; } = true;

    public WindowLimit Api { get; set; } = new() { Permits = 120 };

    public WindowLimit Initiate { get; set; } = new() { Permits = 20 };

    public WindowLimit Submit { get; set; } = new() { Permits = 10 };

    /// <summary>The development token endpoint, per client address (nobody is signed in yet).</summary>
    public WindowLimit DevelopmentToken { get; set; } = new() { Permits = 20 };
}

/// <summary><see cref="Permits"/> requests per window of <see cref="WindowSeconds"/> seconds.</summary>
public sealed class WindowLimit
{
    public int Permits { get; set; }

    public int WindowSeconds { get; set; } = 60;
}
