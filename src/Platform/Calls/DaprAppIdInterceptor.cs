using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Checkout.Platform.Calls;

/// <summary>Adds the <c>dapr-app-id</c> header that tells the sidecar which app a gRPC call is for.</summary>
public sealed class DaprAppIdInterceptor(string appId) : Interceptor
{
    public const string HeaderName = "dapr-app-id";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var headers = context.Options.Headers ?? [];
        if (headers.Get(HeaderName) is null)
        {
            headers.Add(HeaderName, appId);
        }

        var options = context.Options.WithHeaders(headers);
        return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
    }
}
