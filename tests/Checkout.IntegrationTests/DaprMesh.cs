using Checkout.DaprSidecarDouble;
using Checkout.Platform.Hosting;
using Checkout.Standalone;

namespace Checkout.IntegrationTests;

/// <summary>Every app in Dapr mode, each with its own sidecar double loading a run file's resources.</summary>
internal sealed class DaprMesh : IAsyncDisposable
{
    private DaprMesh(Sidecars sidecars, Mesh mesh)
    {
        Sidecars = sidecars;
        Mesh = mesh;
        Anonymous = new HttpClient { BaseAddress = new Uri(mesh.BffAddress) };
    }

    public Sidecars Sidecars { get; }

    public Mesh Mesh { get; }

    public HttpClient Anonymous { get; }

    /// <param name="runFile">Whose resources the sidecars load.</param>
    /// <param name="appToken">Each app's API token (daprd's and the app's APP_API_TOKEN), or none.</param>
    /// <param name="accessControl">The Configuration's access control the sidecars apply, or none.</param>
    public static async Task<DaprMesh> StartAsync(string runFile, Func<string, string>? appToken = null, AccessControl? accessControl = null)
    {
        var ports = MeshFixture.FreePorts(AppIds.DefaultPorts.Keys);
        var apps = ports.ToDictionary(p => p.Key, p => new AppEndpoint($"http://127.0.0.1:{p.Value}", Grpc: p.Key != AppIds.Bff, AppToken: appToken?.Invoke(p.Key)));
        var sidecars = await Sidecars.StartAsync(apps, MeshFixture.FreePorts(apps.Keys.Select(id => $"{id}-sidecar")).ToDictionary(p => p.Key[..^"-sidecar".Length], p => p.Value), DaprConfiguration.Resources(runFile), accessControl: accessControl);
        var mesh = await Mesh.StartAsync(MeshFixture.Options("checkout-dapr-") with
        {
            Ports = ports,
            Configuration = new Dictionary<string, string?>
            {
                [CheckoutModeConfiguration.ModeKey] = nameof(CheckoutMode.Dapr),
                [ServiceHost.DaprStateStoreKey] = "statestore",
                [ServiceHost.DaprPubSubKey] = "pubsub",
            },
            AppConfiguration = sidecars.Ports.ToDictionary(
                p => p.Key,
                p => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
                {
                    ["DAPR_GRPC_PORT"] = p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [AppApiToken.Variable] = appToken?.Invoke(p.Key),
                }),
        });
        return new DaprMesh(sidecars, mesh);
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        await Mesh.DisposeAsync();
        await Sidecars.DisposeAsync();
    }
}
