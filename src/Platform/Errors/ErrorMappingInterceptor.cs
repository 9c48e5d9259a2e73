using Checkout.Platform.Hosting;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.Errors;

/// <summary>
/// Every error a service answers leaves through here, so each carries standard rich details
/// (<see cref="RpcErrors"/>) with bounded texts: a <see cref="DomainException"/> becomes its
/// status and reason; a gRPC error without details (a framework refusal, a downstream
/// transport failure passed on) gets the default reason of its code; a downstream error
/// passed on keeps its details; anything else is INTERNAL, logged here and not described.
/// </summary>
public sealed class ErrorMappingInterceptor(ServiceIdentity identity, ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (DomainException ex)
        {
            throw RpcErrors.ToRpcException(ex, identity.AppId);
        }
        catch (RpcException ex)
        {
            throw WithDetails(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Method} failed", context.Method);
            throw RpcErrors.Create(Code.Internal, "INTERNAL", "An unexpected error occurred.", identity.AppId);
        }
    }

    private RpcException WithDetails(RpcException ex)
    {
        if (ex.GetRpcStatus() is not { } status)
        {
            return RpcErrors.Create((Code)(int)ex.StatusCode, RpcErrors.DefaultReason(ex.StatusCode), ex.Status.Detail, identity.AppId);
        }

        status.Message = RpcErrors.Bound(status.Message);
        return status.ToRpcException();
    }
}
