using Checkout.Platform.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    public static IHttpClientBuilder AddServiceClient<TClient>(this IServiceCollection services, string appId)
        where TClient : ClientBase
    {
        return services
            .AddGrpcClient<TClient>((provider, options) =>
            {
                var configuration = provider.GetRequiredService<IConfiguration>();
                options.Address = new Uri(configuration.GetCheckoutMode() == CheckoutMode.Dapr
                    ? configuration.DaprGrpcEndpoint()
                    : configuration[$"Services:{appId}"] ?? $"http://127.0.0.1:{AppIds.DefaultPorts[appId]}");
            })
            .AddInterceptor(provider => provider.GetRequiredService<IConfiguration>().GetCheckoutMode() == CheckoutMode.Dapr
                ? new DaprAppIdInterceptor(appId)
                : PassThroughInterceptor.Instance);
    }

    private sealed class PassThroughInterceptor : Interceptor
    {
        public static readonly PassThroughInterceptor Instance = new();
    }
}
