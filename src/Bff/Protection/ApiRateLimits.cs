using System.Globalization;
using System.Threading.RateLimiting;
using Checkout.Bff.Conventions;
using Checkout.Bff.Errors;

namespace Checkout.Bff.Protection;

/// <summary>
/// The seed's "prevent abuse of cart and checkout APIs", with ASP.NET Core's rate limiter:
/// fixed windows per client (<see cref="RateLimitOptions"/>), kept in this BFF's memory.
/// Several BFF replicas each keep their own count, so a client spread over N replicas may
/// make N times the limit. A refusal is 429 in the API's error shape (RATE_LIMITED) with
/// Retry-After. Only /api is limited: probes, metrics and the API documentation are not.
/// </summary>
public static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            if (!options.Enabled)
            {
                return;
            }

            var api = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.IsApi() ? Window("api:" + ClientOf(context), options.Api) : NoLimit);
            var tight = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                TightLimitOf(context, options) is { } limit ? Window($"{limit.Name}:{ClientOf(context)}", limit.Limit) : NoLimit);
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(api, tight);
            limiter.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiError.FailAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "RATE_LIMITED", $"Too many requests; try again in {seconds} s."));
            };
        });
        return services;
    }

    /// <summary>Who is counted: the signed-in customer, or the address of an anonymous caller.</summary>
    private static string ClientOf(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { Length: > 0 } customer
            ? "customer:" + customer
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The tighter limit this request also counts against, if any.</summary>
    private static (string Name, WindowLimit Limit)? TightLimitOf(HttpContext context, RateLimitOptions options) =>
        !HttpMethods.IsPost(context.Request.Method) ? null : context.Request.Path.Value?.TrimEnd('/').ToUpperInvariant() switch
        {
            "/API/V1/CHECKOUT/INITIATE" => ("initiate", options.Initiate),
            "/API/V1/CHECKOUT/SUBMIT" => ("submit", options.Submit),
            "/API/V1/DEV/TOKEN" => ("token", options.DevelopmentToken),
            _ => null,
        };

    private static readonly RateLimitPartition<string> NoLimit = RateLimitPartition.GetNoLimiter(string.Empty);

    private static RateLimitPartition<string> Window(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.Permits,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            QueueLimit = 0,
        });
}
