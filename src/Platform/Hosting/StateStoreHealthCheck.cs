using Checkout.Platform.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Checkout.Platform.Hosting;

/// <summary>A service is healthy when its state store answers a read (SQLite file or Dapr sidecar alike).</summary>
public sealed class StateStoreHealthCheck(IStateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetAsync("health:probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The state store does not answer.", ex);
        }
    }
}
