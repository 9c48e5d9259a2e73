using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Checkout.Platform.Hosting;

/// <summary>
/// Delays every call an app serves by <c>Checkout:InjectedLatencyMs</c>. Off unless set;
/// the fan-out benchmark and the "slow downstream" tests use it to make a service slow.
/// </summary>
public sealed class LatencyInjectionInterceptor(TimeSpan latency) : Interceptor
{
    public const string ConfigurationKey = "Checkout:InjectedLatencyMs";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!context.Method.StartsWith("/grpc.health", StringComparison.Ordinal))
        {
            await Task.Delay(latency, context.CancellationToken);
        }

        return await continuation(request, context);
    }
}
