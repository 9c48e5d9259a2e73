using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Configuration;

namespace Checkout.Platform.Hosting;

/// <summary>
/// Only the app's own sidecar may call it: when <c>APP_API_TOKEN</c> is set (Kubernetes:
/// the <c>dapr.io/app-token-secret</c> annotation gives daprd the token and the manifest
/// gives the app the same secret), daprd sends it on every call to the app as
/// <c>dapr-api-token</c> (dapr pkg/channel/grpc, pkg/messaging/grpc_proxy.go), and a call
/// without it is refused UNAUTHENTICATED. Health checks are exempt: the kubelet probes the
/// app directly. Unset (the embedded default, where services listen on loopback only, and
/// <c>dapr run</c>): nothing is checked.
/// </summary>
public static class AppApiToken
{
    public const string Variable = "APP_API_TOKEN";
    public const string Header = "dapr-api-token";

    public static string? Of(IConfiguration configuration) => configuration[Variable] is { Length: > 0 } token ? token : null;

    /// <summary>Whether <paramref name="presented"/> is the token, compared in constant time.</summary>
    public static bool Matches(string? presented, string token) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));

    /// <summary>The check on a gRPC app's every call, health excepted.</summary>
    public sealed class Interceptor(string token) : Grpc.Core.Interceptors.Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(request, responseStream, context);
        }

        public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(requestStream, context);
        }

        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(requestStream, responseStream, context);
        }

        private void Check(ServerCallContext context)
        {
            if (!context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal) && !Matches(context.RequestHeaders.GetValue(Header), token))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Only this app's Dapr sidecar may call it (dapr-api-token)."));
            }
        }
    }
}
