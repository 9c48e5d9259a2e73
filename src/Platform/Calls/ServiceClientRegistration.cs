using Checkout.Platform.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Checkout.Platform.Calls;

/// <summary>
/// Calls between services. Embedded: a gRPC channel straight to the address configured
/// under <c>Services:{appId}</c>, or to the service's default loopback port
/// (<see cref="AppIds.DefaultPorts"/>) when none is, so a service run on its own finds its
/// peers run on theirs. Dapr: a channel to the local sidecar, with the
/// <c>dapr-app-id</c> header naming the target so daprd routes (and applies resiliency).
/// </summary>
public static class ServiceClientRegistration
{
    /// <summary>
    /// A client of <paramref name="appId"/>. Unless <paramref name="requiredForReadiness"/> is
    /// false, the app is not ready while that service is not (<see cref="DownstreamHealthCheck"/>):
    /// an app that cannot answer without it should not be sent traffic.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IServiceCollection services, string appId, bool requiredForReadiness = true)
        where TClient : ClientBase
    {
        if (requiredForReadiness)
        {
            Channel(services.AddGrpcClient<Grpc.Health.V1.Health.HealthClient>(DownstreamHealthCheck.ClientName(appId), (provider, options) => options.Address = Address(provider, appId)), appId);
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                $"downstream:{appId}",
                provider => new DownstreamHealthCheck(provider.GetRequiredService<GrpcClientFactory>(), appId),
                HealthStatus.Unhealthy,
                [ReadinessTag]));
        }

        return Channel(services.AddGrpcClient<TClient>((provider, options) => options.Address = Address(provider, appId)), appId);
    }

    /// <summary>The tag of every check that decides readiness, not liveness.</summary>
    public const string ReadinessTag = "ready";

    private static Uri Address(IServiceProvider provider, string appId)
    {
        var configuration = provider.GetRequiredService<IConfiguration>();
        return new Uri(configuration.GetCheckoutMode() == CheckoutMode.Dapr
            ? configuration.DaprGrpcEndpoint()
            : configuration[$"Services:{appId}"] ?? $"http://127.0.0.1:{AppIds.DefaultPorts[appId]}");
    }

    /// <summary>
    /// Under Dapr, every call names its target for the sidecar (dapr-app-id). No
    /// HttpClientFactory logging handlers: they open a log scope and time every call, and
    /// each call already has its client span and gRPC's own log lines. The connection
    /// handler gRPC creates (<see cref="NoRedirectsNoCookies"/>) neither follows redirects nor keeps cookies.
    /// </summary>
    private static IHttpClientBuilder Channel(IHttpClientBuilder builder, string appId) =>
        builder.RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler((handler, _) => NoRedirectsNoCookies(handler))
            .AddInterceptor(provider => provider.GetRequiredService<IConfiguration>().GetCheckoutMode() == CheckoutMode.Dapr
                ? new DaprAppIdInterceptor(appId)
                : PassThroughInterceptor.Instance);

    /// <summary>
    /// A gRPC call is never redirected and carries no cookies, but a <see cref="SocketsHttpHandler"/>
    /// that allows either puts a stage for it in front of every call (a redirect handler that
    /// awaits each response, a look into the cookie container). Grpc.Net.ClientFactory creates
    /// the handler (multiple HTTP/2 connections on, its pooled lifetime set); this only turns the two off.
    /// </summary>
    private static void NoRedirectsNoCookies(HttpMessageHandler handler)
    {
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.AllowAutoRedirect = false;
            sockets.UseCookies = false;
        }
    }

    private sealed class PassThroughInterceptor : Interceptor
    {
        public static readonly PassThroughInterceptor Instance = new();
    }
}
