using Checkout.Standalone;

namespace Checkout.IntegrationTests;

/// <summary>A mesh for one test class that changes the mesh itself (a clock, a slow or stopped service).</summary>
public abstract class OwnMesh : IAsyncLifetime
{
    protected Mesh Mesh { get; private set; } = null!;

    protected HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await Mesh.StartAsync(Configure(MeshFixture.Options("checkout-own-")));
        Anonymous = new HttpClient { BaseAddress = new Uri(Mesh.BffAddress) };
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Mesh.DisposeAsync();
    }

    protected abstract MeshOptions Configure(MeshOptions options);

    private protected Task<Shopper> ShopperAsync() => Shopper.CreateAsync(Mesh.BffAddress, Anonymous);
}
