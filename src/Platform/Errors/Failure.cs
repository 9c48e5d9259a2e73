using Google.Rpc;
using Grpc.Core;

namespace Checkout.Platform.Errors;

/// <summary>
/// What went wrong, whether a rule here refused (<see cref="DomainException"/>) or a call to
/// another service failed (<see cref="RpcException"/>): for code that must answer both alike,
/// such as a saga that records why it stopped.
/// </summary>
public sealed record Failure(Code Code, string Reason, string Message)
{
    /// <summary>The failure an exception describes, or null when it is neither a refusal nor a failed call.</summary>
    public static Failure? Of(Exception exception) => exception switch
    {
        DomainException refusal => new(refusal.Code, refusal.Reason, refusal.Message),
        RpcException call => new((Code)(int)call.StatusCode, RpcErrors.ReasonOf(call) ?? RpcErrors.DefaultReason(call.StatusCode), call.Status.Detail),
        _ => null,
    };
}
