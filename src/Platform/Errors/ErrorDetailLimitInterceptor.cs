using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Checkout.Platform.Errors;

/// <summary>
/// Keeps an error's message short. It travels as the grpc-message trailer, which the
/// caller's HTTP/2 connection decodes with a bounded header table: a message that repeats
/// a 70,000-character id fails that decoding and takes down the connection every other
/// call shares.
/// </summary>
public sealed class ErrorDetailLimitInterceptor : Interceptor
{
    public const int MaxDetailLength = 512;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException ex) when (ex.Status.Detail.Length > MaxDetailLength)
        {
            throw new RpcException(new Status(ex.StatusCode, ex.Status.Detail[..MaxDetailLength] + "…"), ex.Trailers);
        }
    }
}
