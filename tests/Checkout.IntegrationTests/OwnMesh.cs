using Checkout.Standalone;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

/// <summary>A mesh for one test class that changes the mesh itself (a clock, a slow or stopped service), or uses up what other tests need.</summary>
public abstract class OwnMesh : IAsyncLifetime
{
    private readonly Dictionary<string, GrpcChannel> _channels = [];

    protected Mesh Mesh { get; private set; } = null!;

    protected HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await Mesh.StartAsync(Configure(MeshFixture.Options("checkout-own-")));
        Anonymous = new HttpClient { BaseAddress = new Uri(Mesh.BffAddress) };
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        Anonymous.Dispose();
        await Mesh.DisposeAsync();
    }

    protected abstract MeshOptions Configure(MeshOptions options);

    private protected Task<Shopper> ShopperAsync(string? customerId = null) => Shopper.CreateAsync(Mesh.BffAddress, Anonymous, customerId);

    /// <summary>A gRPC channel straight to one app, disposed with the mesh.</summary>
    protected GrpcChannel Channel(string appId)
    {
        lock (_channels)
        {
            return _channels.TryGetValue(appId, out var channel) ? channel : _channels[appId] = GrpcChannel.ForAddress(Mesh.Addresses[appId]);
        }
    }
}
