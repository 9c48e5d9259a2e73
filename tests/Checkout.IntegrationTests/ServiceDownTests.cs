using System.Net;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

public sealed class ServiceDownTests : OwnMesh
{
    protected override MeshOptions Configure(MeshOptions options) => options;

    [Fact]
    public async Task With_catalog_down_adding_is_503_and_nothing_is_written()
    {
        using var shopper = await ShopperAsync();
        await Mesh.StopAsync(AppIds.Catalog);

        var response = await shopper.Client.AddItemAsync("PROD-12345", "SKU-ABC-001", 1, "US-WEST-01");
        var message = await response.ErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");

        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("subchannel", message, StringComparison.OrdinalIgnoreCase);
        using var channel = GrpcChannel.ForAddress(Mesh.Addresses[AppIds.Cart]);
        Assert.Empty((await new CartService.CartServiceClient(channel).GetCartAsync(new GetCartRequest { CustomerId = shopper.CustomerId })).Cart.Items);
    }

    [Fact]
    public async Task A_refused_promotion_is_the_answer_even_when_payment_is_down_too()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001");
        var session = await shopper.InitiateSessionAsync();
        await Mesh.StopAsync(AppIds.Payment);

        // Stock, then pricing, then the card: the refusal the customer can act on comes first.
        await (await shopper.SubmitAsync(Shopper.Body(session, promotionCodes: ["SPRING2023"]))).ErrorAsync(HttpStatusCode.BadRequest, "PROMOTION_NOT_APPLICABLE");
    }

    [Fact]
    public async Task The_bff_is_alive_but_not_ready_while_catalog_is_down()
    {
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/healthz")).StatusCode);

        await Mesh.StopAsync(AppIds.Catalog);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task A_service_is_alive_but_not_ready_while_a_service_it_calls_is_down()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(Channel(AppIds.Catalog));
        Assert.Equal(Serving, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status);

        await Mesh.StopAsync(AppIds.Inventory);

        Assert.Equal(NotServing, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status);
        Assert.Equal(NotServing, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "checkout.catalog.v1.CatalogService" })).Status);
        Assert.Equal(Serving, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = ServiceHost.LivenessService })).Status);
    }

    private const Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus Serving = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving;

    private const Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus NotServing = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing;
}
