using System.Net;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Hosting;
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
    private DaprMesh _dapr = null!;

    private static string TokenOf(string appId) => $"app-token-of-{appId}";

    public async Task InitializeAsync() => _dapr = await DaprMesh.StartAsync("dapr.yaml", TokenOf);

    public async Task DisposeAsync() => await _dapr.DisposeAsync();

    [Fact]
    public async Task The_checkout_runs_through_sidecars_that_send_the_apps_tokens()
    {
        using var shopper = await Shopper.CreateAsync(_dapr.Mesh.BffAddress, _dapr.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!;

        await Task.WhenAll(
            new[] { AppIds.Cart, AppIds.Bff, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order }
                .Select(app => _dapr.Sidecars.Broker.WhenDeliveredAsync(app, $"evt-{orderId}-created"))
                .Append(_dapr.Sidecars.Broker.WhenDeliveredAsync(AppIds.Shipping, $"evt-{orderId}-processing")))
            .WaitAsync(EventTimeout);
        Assert.Equal("PROCESSING", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_process_that_calls_an_apps_port_without_its_token_is_refused_and_health_still_answers()
    {
        using var channel = GrpcChannel.ForAddress(_dapr.Mesh.Addresses[AppIds.Cart]);
        var cart = new CartService.CartServiceClient(channel);
        var addItem = new AddItemRequest { CustomerId = "CUST-RAW", ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "A free television", WarehouseId = "US-WEST-01", Quantity = 1, UnitPrice = new Contracts.Common.V1.Money { MinorUnits = 1, CurrencyCode = "USD" } };

        var without = await Assert.ThrowsAsync<RpcException>(() => cart.AddItemAsync(addItem).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => cart.AddItemAsync(addItem, new Metadata { { AppApiToken.Header, TokenOf(AppIds.Order) } }).ResponseAsync);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = ServiceHost.LivenessService });

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (without.StatusCode, wrong.StatusCode));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.DoesNotContain(_dapr.Sidecars.State.Snapshot().Keys, k => k.Contains("CUST-RAW", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bffs_subscription_routes_take_only_its_sidecars_token_and_its_api_takes_anyone()
    {
        using var subscribe = await _dapr.Anonymous.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative));
        using var products = await _dapr.Anonymous.GetAsync(new Uri("/api/v1/products/PROD-12345", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, subscribe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
    }
}
