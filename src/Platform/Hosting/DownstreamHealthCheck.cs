using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Checkout.Platform.Hosting;

/// <summary>
/// Readiness of a service this app cannot answer without: its standard gRPC health check,
/// called through the same channel as the app's calls (directly, or through the Dapr
/// sidecar), with a short deadline of real time.
/// </summary>
public sealed class DownstreamHealthCheck(GrpcClientFactory clients, string appId) : IHealthCheck
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <summary>The name of the health client registered for <paramref name="appId"/>.</summary>
    public static string ClientName(string appId) => $"health:{appId}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var health = clients.CreateClient<Health.HealthClient>(ClientName(appId));
            var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{appId} is {answer.Status}.");
        }
        catch (Grpc.Core.RpcException ex)
        {
            return HealthCheckResult.Unhealthy($"{appId} does not answer ({ex.StatusCode}).");
        }
    }
}
