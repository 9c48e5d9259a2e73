using Checkout.Platform.Hosting;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.State;

/// <summary>
/// Runs first when an app starts under Dapr, before anything reads or writes state:
/// <list type="number">
/// <item>waits for the sidecar: daprd opens its API only once every component is loaded, so
/// until then a call is refused (Unavailable); on Kubernetes the app may start first (dapr
/// pkg/runtime/runtime.go <c>initRuntime</c>);</item>
/// <item>refuses a state store whose transactions are not all-or-nothing. The mesh writes an
/// order with its events, a reservation over several SKUs, an event's effects with its
/// processed marker, each as one transaction, and <see cref="DaprStateStore"/> tells a lost
/// race from a failure by reading the keys back. state.redis commits the operations of a
/// failed transaction that passed their checks and ignores first-write inside one
/// (components-contrib state/redis/redis.go <c>Multi</c>), so on it a stock count could move
/// without its reservation. docs/dapr-semantics.md lists the stores and why.</item>
/// </list>
/// </summary>
public sealed class DaprStateStoreCheck(DaprClient dapr, DaprStateStore store, IConfiguration configuration, ILogger<DaprStateStoreCheck> logger) : IHostedService
{
    public const string SidecarTimeoutKey = "Checkout:Dapr:SidecarTimeoutSeconds";

    /// <summary>State component types (and versions) whose transactions are one database transaction.</summary>
    public static readonly IReadOnlySet<(string Type, string Version)> AtomicStores = new HashSet<(string, string)>
    {
        // components-contrib state/sqlite/sqlite_dbaccess.go ExecuteMulti: ExecuteInTransaction, first-write honoured.
        ("state.sqlite", "v1"),
        // components-contrib state/postgresql/v2/postgresql.go Multi: ExecuteInTransaction, first-write honoured.
        ("state.postgresql", "v2"),
    };

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(configuration.GetValue(SidecarTimeoutKey, 60));
        var metadata = await WaitForSidecarAsync(timeout, cancellationToken);
        var component = metadata.Components.FirstOrDefault(c => c.Name == store.StoreName)
            ?? throw new InvalidOperationException(
                $"The Dapr sidecar has no state store '{store.StoreName}' for app '{metadata.Id}'. Check the component's name and its scopes in the resources path.");
        if (!AtomicStores.Contains((component.Type, component.Version)))
        {
            throw new InvalidOperationException(
                $"State store '{component.Name}' is {component.Type} {component.Version}, whose transactions are not all-or-nothing. "
                + "The checkout needs state.sqlite or state.postgresql v2 (docs/dapr-semantics.md, \"Which state stores\").");
        }

        logger.LogInformation("Dapr sidecar ready; state store {Store} is {Type} {Version}", component.Name, component.Type, component.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<DaprMetadata> WaitForSidecarAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Real time on purpose: waiting for a process is plumbing, not domain time a test fakes.
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await dapr.GetMetadataAsync(cancellationToken);
            }
            catch (DaprException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.Unavailable } && DateTimeOffset.UtcNow < deadline)
            {
                logger.LogDebug("Waiting for the Dapr sidecar at {Endpoint}", configuration.DaprGrpcEndpoint());
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }
}
