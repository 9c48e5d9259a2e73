using System.Diagnostics;

namespace Checkout.Bff.Errors;

/// <summary>
/// The id that ties a response to the server's logs: the W3C trace id of the request's
/// activity (the one a caller's <c>traceparent</c> continues, and the logs' TraceId scope),
/// or the connection-based request id when no activity is running.
/// </summary>
public static class TraceIds
{
    public const string Header = "X-Trace-Id";

    public static string Of(HttpContext context) =>
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
