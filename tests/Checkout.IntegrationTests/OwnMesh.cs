using Checkout.Standalone;

namespace Checkout.IntegrationTests;

/// <summary>A mesh for one test class that changes the mesh itself (a clock, a slow or stopped service).</summary>
public abstract class OwnMesh : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("checkout-own-").FullName;

    protected Mesh Mesh { get; private set; } = null!;

    protected HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await Mesh.StartAsync(Configure(MeshFixture.Options(_dataDirectory)));
        Anonymous = new HttpClient { BaseAddress = new Uri(Mesh.BffAddress) };
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Mesh.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    protected abstract MeshOptions Configure(MeshOptions options);

    private protected Task<Shopper> ShopperAsync() => Shopper.CreateAsync(Mesh.BffAddress, Anonymous);
}
