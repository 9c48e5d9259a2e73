using Grpc.Core;

namespace Checkout.Bff.Errors;

/// <summary>The reasons REST clients see when a call fails, and their defaults per status.</summary>
public static class ApiError
{
    /// <summary>Where the BFF's gRPC layer leaves the reason for <see cref="ApiErrorMiddleware"/>.</summary>
    public const string ReasonItemKey = "checkout.error.reason";

    /// <summary>Ends the request with <paramref name="status"/>; <see cref="ApiErrorMiddleware"/> gives it the API's error body.</summary>
    public static Task FailAsync(HttpContext context, int status, string reason, string message)
    {
        context.Items[ReasonItemKey] = reason;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { message }, context.RequestAborted);
    }

    public static string DefaultReason(int httpStatus) => httpStatus switch
    {
        400 => "INVALID_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "CONFLICT",
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

    /// <summary>Reasons for gRPC statuses that carry none of their own.</summary>
    public static string DefaultReason(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => "INVALID_REQUEST",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists or StatusCode.Aborted => "CONFLICT",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.PermissionDenied => "FORBIDDEN",
        // A service's ResourceExhausted (a message over its size limit) is the mesh's fault,
        // not a rate limit a client should wait out.
        StatusCode.ResourceExhausted => "INTERNAL",
        StatusCode.Unimplemented => "NOT_IMPLEMENTED",
        StatusCode.Unavailable => "SERVICE_UNAVAILABLE",
        StatusCode.DeadlineExceeded => "TIMEOUT",
        _ => "INTERNAL",
    };
}
