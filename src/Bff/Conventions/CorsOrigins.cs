using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Checkout.Bff.Conventions;

/// <summary>
/// Which browser origins may call the API (setting <c>Bff:Cors:AllowedOrigins</c>, a list).
/// None by default: a production deployment names its storefront's origin. An entry is an
/// exact origin (<c>https://shop.example.com</c>) or an origin with any port
/// (<c>http://localhost:*</c>), which the standalone runner allows for web apps on their
/// own development servers.
/// </summary>
public static class CorsOrigins
{
    public const string Section = "Bff:Cors:AllowedOrigins";

    /// <summary>What the standalone runner allows: any port on the loopback names.</summary>
    public static readonly string[] Development = ["http://localhost:*", "http://127.0.0.1:*"];

    /// <summary>Headers a browser script may read from a response; the rest it cannot see.</summary>
    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "X-Trace-Id"];

    public static bool IsAllowed(string origin, IEnumerable<string> allowed)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var candidate) || candidate.AbsolutePath != "/")
        {
            return false;
        }

        foreach (var entry in allowed)
        {
            if (entry.EndsWith(":*", StringComparison.Ordinal)
                ? Uri.TryCreate(entry[..^2], UriKind.Absolute, out var any)
                    && any.Scheme == candidate.Scheme
                    && string.Equals(any.Host, candidate.Host, StringComparison.OrdinalIgnoreCase)
                : string.Equals(entry.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static void Configure(CorsPolicyBuilder policy, IReadOnlyList<string> allowed) => policy
        .SetIsOriginAllowed(origin => IsAllowed(origin, allowed))
        .WithMethods("GET", "POST", "PUT", "DELETE")
        .WithHeaders("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "traceparent")
        .WithExposedHeaders(ExposedHeaders)
        .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
}
