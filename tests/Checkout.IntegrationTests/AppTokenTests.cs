using System.Net;
using Checkout.Contracts.Cart.V1;
using Checkout.DaprSidecarDouble;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

/// <summary>
/// Under Dapr with app API tokens (as the Kubernetes manifests set them): each sidecar double
/// sends its app's token on every call, as daprd does, so the whole checkout runs; a process
/// that calls an app's port without it is refused, except for health checks.
/// </summary>
public sealed class AppTokenTests : IAsyncLifetime
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private Sidecars _sidecars = null!;
    private Mesh _mesh = null!;
    private HttpClient _anonymous = null!;

    private static string TokenOf(string appId) => $"app-token-of-{appId}";

    public async Task InitializeAsync()
    {
        var ports = MeshFixture.FreePorts(AppIds.DefaultPorts.Keys);
        var apps = ports.ToDictionary(p => p.Key, p => new AppEndpoint($"http://127.0.0.1:{p.Value}", Grpc: p.Key != AppIds.Bff, AppToken: TokenOf(p.Key)));
        _sidecars = await Sidecars.StartAsync(apps, MeshFixture.FreePorts(apps.Keys.Select(id => $"{id}-sidecar")).ToDictionary(p => p.Key[..^"-sidecar".Length], p => p.Value), DaprConfiguration.Resources("dapr.yaml"));
        _mesh = await Mesh.StartAsync(MeshFixture.Options("checkout-token-") with
        {
            Ports = ports,
            Configuration = new Dictionary<string, string?>
            {
                [CheckoutModeConfiguration.ModeKey] = nameof(CheckoutMode.Dapr),
                [ServiceHost.DaprStateStoreKey] = "statestore",
                [ServiceHost.DaprPubSubKey] = "pubsub",
            },
            AppConfiguration = _sidecars.Ports.ToDictionary(
                p => p.Key,
                p => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
                {
                    ["DAPR_GRPC_PORT"] = p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [AppApiToken.Variable] = TokenOf(p.Key),
                }),
        });
        _anonymous = new HttpClient { BaseAddress = new Uri(_mesh.BffAddress) };
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _mesh.DisposeAsync();
        await _sidecars.DisposeAsync();
    }

    [Fact]
    public async Task The_checkout_runs_through_sidecars_that_send_the_apps_tokens()
    {
        using var shopper = await Shopper.CreateAsync(_mesh.BffAddress, _anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!;

        await Task.WhenAll(
            new[] { AppIds.Cart, AppIds.Bff, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order }
                .Select(app => _sidecars.Broker.WhenDeliveredAsync(app, $"evt-{orderId}-created"))
                .Append(_sidecars.Broker.WhenDeliveredAsync(AppIds.Shipping, $"evt-{orderId}-processing")))
            .WaitAsync(EventTimeout);
        Assert.Equal("PROCESSING", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_process_that_calls_an_apps_port_without_its_token_is_refused_and_health_still_answers()
    {
        using var channel = GrpcChannel.ForAddress(_mesh.Addresses[AppIds.Cart]);
        var cart = new CartService.CartServiceClient(channel);
        var addItem = new AddItemRequest { CustomerId = "CUST-RAW", ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "A free television", WarehouseId = "US-WEST-01", Quantity = 1, UnitPrice = new Contracts.Common.V1.Money { MinorUnits = 1, CurrencyCode = "USD" } };

        var without = await Assert.ThrowsAsync<RpcException>(() => cart.AddItemAsync(addItem).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => cart.AddItemAsync(addItem, new Metadata { { AppApiToken.Header, TokenOf(AppIds.Order) } }).ResponseAsync);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = ServiceHost.LivenessService });

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (without.StatusCode, wrong.StatusCode));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.DoesNotContain(_sidecars.State.Snapshot().Keys, k => k.Contains("CUST-RAW", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bffs_subscription_routes_take_only_its_sidecars_token_and_its_api_takes_anyone()
    {
        using var subscribe = await _anonymous.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative));
        using var products = await _anonymous.GetAsync(new Uri("/api/v1/products/PROD-12345", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, subscribe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
    }
}
