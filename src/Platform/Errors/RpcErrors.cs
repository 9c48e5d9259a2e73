using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Checkout.Platform.Errors;

/// <summary>
/// The mesh's one error mapping onto gRPC: a status whose <c>grpc-status-details-bin</c>
/// trailer carries google.rpc.Status with an <see cref="ErrorInfo"/> (reason, domain, the
/// service) and, for a bad request, a <see cref="BadRequest"/> naming the field. Any gRPC
/// client reads these with its language's standard error-details support.
/// </summary>
public static class RpcErrors
{
    /// <summary>The ErrorInfo domain of every reason in docs/errors.md.</summary>
    public const string Domain = "checkout.example.com";

    /// <summary>
    /// Bounds every text an error carries. Status and details travel as HTTP/2 trailers,
    /// which the caller decodes with a bounded header table: an error that repeats a
    /// 70,000-character id fails that decoding and takes down the connection every other
    /// call shares.
    /// </summary>
    public const int MaxTextLength = 512;

    /// <summary>ErrorInfo metadata saying the error is the stored answer to an earlier request with the same idempotency key.</summary>
    public const string ReplayedKey = "replayed";

    public static RpcException ToRpcException(DomainException error, string service) =>
        Create(error.Code, error.Reason, error.Message, service, error.Field, error.Replayed);

    public static RpcException Create(Code code, string reason, string message, string service, string? field = null, bool replayed = false)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Bound(message) };
        var info = new ErrorInfo { Reason = Bound(reason), Domain = Domain, Metadata = { ["service"] = service } };
        if (replayed)
        {
            info.Metadata[ReplayedKey] = "true";
        }

        status.Details.Add(Any.Pack(info));
        if (field is not null)
        {
            status.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = Bound(field), Description = Bound(message) } },
            }));
        }

        return status.ToRpcException();
    }

    /// <summary>The reason a failed call carried, or null when the status has no ErrorInfo (a transport failure).</summary>
    public static string? ReasonOf(RpcException exception) => exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    /// <summary>Whether the error is the stored answer to an earlier request with the same idempotency key.</summary>
    public static bool IsReplayed(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata.TryGetValue(ReplayedKey, out var replayed) == true && replayed == "true";

    /// <summary>The field a refused request got wrong, when the error names one.</summary>
    public static string? FieldOf(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault()?.Field;

    /// <summary>The reason for a status that came without one (a framework error, a transport failure).</summary>
    public static string DefaultReason(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => "INVALID_REQUEST",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists or StatusCode.Aborted => "CONFLICT",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.PermissionDenied => "FORBIDDEN",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.Unimplemented => "NOT_IMPLEMENTED",
        StatusCode.Unavailable => "SERVICE_UNAVAILABLE",
        StatusCode.DeadlineExceeded => "TIMEOUT",
        StatusCode.Cancelled => "CANCELLED",
        _ => "INTERNAL",
    };

    public static string Bound(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
