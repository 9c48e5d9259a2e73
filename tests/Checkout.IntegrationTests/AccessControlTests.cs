using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.DaprSidecarDouble;
using Checkout.Platform.Hosting;
using Grpc.Core;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

/// <summary>
/// The Kubernetes Configuration's access control (deploy/kubernetes/dapr-configuration.yaml),
/// applied by every callee's sidecar double as daprd applies it: the checkout's calls go
/// through, a call the architecture does not name is PermissionDenied.
/// </summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private const string ConfigurationFile = "deploy/kubernetes/dapr-configuration.yaml";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private DaprMesh _dapr = null!;

    private static AccessControl Policies => AccessControl.Load(Path.Combine(DaprConfiguration.Root, ConfigurationFile))!;

    public async Task InitializeAsync() => _dapr = await DaprMesh.StartAsync("dapr.yaml", accessControl: Policies);

    public async Task DisposeAsync() => await _dapr.DisposeAsync();

    /// <summary>A channel to <paramref name="caller"/>'s sidecar: calls on it are made as that app makes them.</summary>
    private GrpcChannel Through(string caller) => GrpcChannel.ForAddress($"http://127.0.0.1:{_dapr.Sidecars.Ports[caller]}");

    private static Metadata To(string target) => new() { { "dapr-app-id", target } };

    [Fact]
    public async Task The_checkout_runs_with_every_call_it_makes_allowed()
    {
        using var shopper = await Shopper.CreateAsync(_dapr.Mesh.BffAddress, _dapr.Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync()))).ReadAsync(System.Net.HttpStatusCode.Created)).GetProperty("orderId").GetString()!;

        await _dapr.Sidecars.Broker.WhenDeliveredAsync(AppIds.Shipping, $"evt-{orderId}-processing").WaitAsync(EventTimeout);
        Assert.DoesNotContain(_dapr.Sidecars.Wire.Calls, c => c.Api == "InvokeDenied");
    }

    [Fact]
    public async Task A_call_the_architecture_does_not_name_is_denied_and_one_it_names_is_not()
    {
        using var notification = Through(AppIds.Notification);
        using var bff = Through(AppIds.Bff);
        var addItem = new AddItemRequest { CustomerId = "CUST-ACL", ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "x", WarehouseId = "US-WEST-01", Quantity = 1, UnitPrice = new Contracts.Common.V1.Money { MinorUnits = 1, CurrencyCode = "USD" } };

        var fromNotification = await Assert.ThrowsAsync<RpcException>(() => new CartService.CartServiceClient(notification).AddItemAsync(addItem, To(AppIds.Cart)).ResponseAsync);
        var chargeFromBff = await Assert.ThrowsAsync<RpcException>(() => new PaymentService.PaymentServiceClient(bff).ProcessPaymentAsync(new ProcessPaymentRequest { OrderId = "ORD-ACL" }, To(AppIds.Payment)).ResponseAsync);
        var product = await new CatalogService.CatalogServiceClient(bff).GetProductAsync(new GetProductRequest { ProductId = "PROD-12345" }, To(AppIds.Catalog));
        var cards = await new PaymentService.PaymentServiceClient(bff).ListPaymentMethodsAsync(new ListPaymentMethodsRequest { CustomerId = "CUST-ACL" }, To(AppIds.Payment));

        Assert.Equal(StatusCode.PermissionDenied, fromNotification.StatusCode);
        Assert.Contains("spiffe://public/ns/default/notification operation: /checkout.cart.v1.CartService/AddItem", fromNotification.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, chargeFromBff.StatusCode);
        Assert.Equal("PROD-12345", product.Product.ProductId);
        Assert.NotEmpty(cards.PaymentMethods);
    }

    [Fact]
    public void The_policies_allow_exactly_the_calls_each_app_registers_a_client_for()
    {
        var policies = Policies;
        var calls = Directory.GetFiles(Path.Combine(DaprConfiguration.Root, "src"), "*App.cs", SearchOption.AllDirectories)
            .SelectMany(file => ArchitectureDocTests.ServiceClients().Matches(File.ReadAllText(file)).Select(m => (Caller: Path.GetFileNameWithoutExtension(file)[..^"App".Length].ToLowerInvariant(), Service: m.Groups["app"].Value.ToLowerInvariant())))
            .ToHashSet();
        string[] services = ["cart", "catalog", "checkout", "customer", "inventory", "loyalty", "order", "payment", "promotion", "shipping", "notification", "analytics"];

        foreach (var caller in AppIds.DefaultPorts.Keys)
        {
            foreach (var service in services)
            {
                // Allowed to call a service: allowed at least one of its methods (the BFF only Payment's card methods).
                var allowed = Methods(service).Any(method => policies.Allows(caller, method));
                Assert.True(calls.Contains((caller, service)) == allowed, $"{caller} → {service}: the code {(calls.Contains((caller, service)) ? "calls" : "does not call")} it");
            }

            Assert.Equal(calls.Any(c => c.Caller == caller), policies.Allows(caller, "/grpc.health.v1.Health/Check"));
        }
    }

    /// <summary>The gRPC paths of a service's methods, from its generated descriptor (<c>/checkout.cart.v1.CartService/AddItem</c>).</summary>
    private static IEnumerable<string> Methods(string service)
    {
        var name = $"{char.ToUpperInvariant(service[0])}{service[1..]}";
        var type = typeof(CartService).Assembly.GetType($"Checkout.Contracts.{name}.V1.{name}Service", throwOnError: true)!;
        var descriptor = (Google.Protobuf.Reflection.ServiceDescriptor)type.GetProperty("Descriptor")!.GetValue(null)!;
        return descriptor.Methods.Select(m => $"/{descriptor.FullName}/{m.Name}");
    }
}
