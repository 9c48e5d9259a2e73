namespace Checkout.Bff.Conventions;

/// <summary>
/// Which requests are the REST API's: every path under <c>/api</c>, whatever its case (as
/// routing matches). The error body, the edge limits and the rate limits apply to them only,
/// and the storefront's files are never looked up for them.
/// </summary>
public static class ApiPaths
{
    private static readonly PathString Prefix = "/api";

    public static bool IsApi(this HttpRequest request) => request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
}
