namespace Checkout.Bff.Errors;

/// <summary>The reasons REST clients see when a call fails, and their defaults per status.</summary>
public static class ApiError
{
    /// <summary>Where the BFF's gRPC layer leaves the reason for <see cref="ApiErrorMiddleware"/>.</summary>
    public const string ItemKey = "checkout.error";

    /// <summary>Why a request failed, for the error body: the reason, and the request field at fault if one is.</summary>
    public sealed record Cause(string Reason, string? Field);

    public static void Remember(HttpContext context, string reason, string? field) => context.Items[ItemKey] = new Cause(reason, field);

    public static Cause? CauseOf(HttpContext context) => context.Items[ItemKey] as Cause;

    /// <summary>Ends the request with <paramref name="status"/>; <see cref="ApiErrorMiddleware"/> gives it the API's error body.</summary>
    public static Task FailAsync(HttpContext context, int status, string reason, string message, string? field = null)
    {
        Remember(context, reason, field);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { message }, context.RequestAborted);
    }

    /// <summary>
    /// The HTTP status of a reason whose meaning HTTP names better than its gRPC code does:
    /// a stale <c>If-Match</c> is 412 Precondition Failed (RFC 9110), not a generic 400.
    /// </summary>
    public static int HttpStatusOf(string reason, int transcoded) => reason switch
    {
        "CART_CHANGED" => StatusCodes.Status412PreconditionFailed,
        _ => transcoded,
    };

    public static string DefaultReason(int httpStatus) => httpStatus switch
    {
        400 => "INVALID_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "CONFLICT",
        412 => "PRECONDITION_FAILED",
        413 => "PAYLOAD_TOO_LARGE",
        414 => "URI_TOO_LONG",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        431 => "HEADERS_TOO_LARGE",
        429 => "RATE_LIMITED",
        501 => "NOT_IMPLEMENTED",
        503 => "SERVICE_UNAVAILABLE",
        504 => "TIMEOUT",
        _ => httpStatus >= 500 ? "INTERNAL" : "REQUEST_FAILED",
    };

    public static string DefaultMessage(int httpStatus) => httpStatus switch
    {
        401 => "A valid bearer token is required.",
        403 => "This token may not do that.",
        404 => "No such resource.",
        405 => "This method is not allowed here.",
        415 => "Send the body as application/json.",
        501 => "This endpoint is not built yet.",
        503 => "A service this request needs is unavailable; try again shortly.",
        504 => "A service this request needs did not answer in time; try again shortly.",
        _ => httpStatus >= 500 ? "An unexpected error occurred." : "The request failed.",
    };
}
