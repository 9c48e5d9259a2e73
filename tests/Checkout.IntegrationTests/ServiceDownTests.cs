using System.Net;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

/// <summary>A mesh of its own, so taking a service down does not disturb the other tests.</summary>
public sealed class ServiceDownTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("checkout-down-").FullName;
    private Mesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await Mesh.StartAsync(MeshFixture.Options(_dataDirectory));

    [Fact]
    public async Task With_catalog_down_adding_is_503_and_nothing_is_written()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_mesh.BffAddress) };
        using var client = MeshFixture.Authorized(_mesh.BffAddress, await MeshFixture.TokenAsync(anonymous, "CUST-DOWN-1"));
        await _mesh.StopAsync(AppIds.Catalog);

        var message = await (await client.AddItemAsync("PROD-12345", "SKU-ABC-001", 1, "US-WEST-01")).ErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");

        Assert.DoesNotContain("subchannel", message, StringComparison.OrdinalIgnoreCase);
        using var channel = GrpcChannel.ForAddress(_mesh.Addresses[AppIds.Cart]);
        Assert.Empty((await new CartService.CartServiceClient(channel).GetCartAsync(new GetCartRequest { CustomerId = "CUST-DOWN-1" })).Cart.Items);
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
