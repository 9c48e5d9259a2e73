using Checkout.DaprSidecarDouble;
using Checkout.Standalone;
using Grpc.Net.Client;
using DaprGrpc = Dapr.Client.Autogen.Grpc.v1.Dapr;

namespace Checkout.IntegrationTests.DaprDouble;

/// <summary>One sidecar double for one app (<see cref="AppId"/>), with the resources a test gives it, and a raw gRPC client of the Dapr API.</summary>
public sealed class SidecarUnderTest : IAsyncDisposable
{
    public const string AppId = "app";

    private SidecarUnderTest(Sidecars sidecars, GrpcChannel channel)
    {
        Sidecars = sidecars;
        Channel = channel;
        Client = new DaprGrpc.DaprClient(channel);
    }

    public Sidecars Sidecars { get; }

    public GrpcChannel Channel { get; }

    public DaprGrpc.DaprClient Client { get; }

    public int Port => Sidecars.Ports[AppId];

    /// <param name="resources">The components and resiliency the sidecar loads.</param>
    /// <param name="apps">The apps the broker delivers to; by default one gRPC app with nothing listening.</param>
    /// <param name="clock">The sidecar's clock (TTLs); the machine's by default.</param>
    public static async Task<SidecarUnderTest> StartAsync(DaprResources resources, IReadOnlyDictionary<string, AppEndpoint>? apps = null, TimeProvider? clock = null)
    {
        apps ??= new Dictionary<string, AppEndpoint> { [AppId] = new($"http://127.0.0.1:{LoopbackPorts.Next()}", Grpc: true) };
        var sidecars = await Sidecars.StartAsync(apps, apps.Keys.ToDictionary(id => id, _ => LoopbackPorts.Next()), resources, clock);
        return new SidecarUnderTest(sidecars, GrpcChannel.ForAddress($"http://127.0.0.1:{sidecars.Ports[AppId]}"));
    }

    /// <summary>A sidecar whose only component is one state store of <paramref name="type"/> and <paramref name="version"/>.</summary>
    public static Task<SidecarUnderTest> WithStoreAsync(string type, string version, TimeProvider? clock = null) =>
        StartAsync(DaprResources.Of(new StateComponent("statestore", type, version, [])), clock: clock);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Sidecars.DisposeAsync();
    }
}
