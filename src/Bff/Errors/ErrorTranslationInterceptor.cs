using Checkout.Platform.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Checkout.Bff.Errors;

/// <summary>
/// Turns every failure of a BFF call into a clean status: the reason and the field go to
/// the HTTP layer (<see cref="ApiErrorMiddleware"/> writes them), downstream details stay
/// behind, and internal details (connection errors, exception messages) are replaced by a
/// message meant for a customer.
/// </summary>
public sealed class ErrorTranslationInterceptor(ILogger<ErrorTranslationInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (DomainException ex)
        {
            ApiError.Remember(context.GetHttpContext(), ex.Reason, ex.Field);
            throw new RpcException(new Status((StatusCode)(int)ex.Code, RpcErrors.Bound(ex.Message)));
        }
        catch (RpcException ex)
        {
            // ResourceExhausted from a service is a message over a size limit: a fault of ours (500), not a rate limit.
            var code = ex.StatusCode == StatusCode.ResourceExhausted ? StatusCode.Internal : ex.StatusCode;
            var message = code switch
            {
                StatusCode.Unavailable => ApiError.DefaultMessage(503),
                StatusCode.DeadlineExceeded => ApiError.DefaultMessage(504),
                StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss => ApiError.DefaultMessage(500),
                StatusCode.Unimplemented => ApiError.DefaultMessage(501),
                _ => ex.Status.Detail,
            };
            if (code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.DeadlineExceeded)
            {
                logger.LogWarning(ex, "{Method} failed downstream with {Status}", context.Method, ex.StatusCode);
            }

            if (RpcErrors.IsReplayed(ex))
            {
                context.GetHttpContext().Response.Headers[Flows.SubmitCheckoutFlow.ReplayedHeader] = "true";
            }

            var reason = code == ex.StatusCode ? RpcErrors.ReasonOf(ex) : null;
            ApiError.Remember(context.GetHttpContext(), reason ?? RpcErrors.DefaultReason(code), FieldTheClientSent(request, RpcErrors.FieldOf(ex)));
            throw new RpcException(new Status(code, message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Method} failed", context.Method);
            ApiError.Remember(context.GetHttpContext(), "INTERNAL", null);
            throw new RpcException(new Status(StatusCode.Internal, ApiError.DefaultMessage(500)));
        }
    }

    /// <summary>
    /// A field a service names, when the client's request has it (a refused <c>quantity</c>);
    /// not one the BFF filled in itself (<c>unitPrice</c>, <c>customerId</c>), which the
    /// client could not fix.
    /// </summary>
    private static string? FieldTheClientSent<TRequest>(TRequest request, string? field)
    {
        var name = field?.Split('.', '[')[0];
        return request is Google.Protobuf.IMessage message && message.Descriptor.Fields.InDeclarationOrder().Any(f => f.JsonName == name) ? field : null;
    }
}
