using System.Globalization;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Hosting;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;

namespace Checkout.IntegrationTests;

/// <summary>
/// What a gRPC client in any language relies on, over real gRPC: reflection to discover each
/// service, health by service name, and errors in the standard rich form (google.rpc.Status
/// in <c>grpc-status-details-bin</c>, with ErrorInfo and, for a bad field, BadRequest).
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class GrpcContractTests(MeshFixture mesh)
{
    /// <summary>checkout.{app}.v1.{App}Service: one versioned package per service.</summary>
    private static string ServiceName(string appId) =>
        $"checkout.{appId}.v1.{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(appId)}Service";

    [Theory]
    [MemberData(nameof(ServiceGrpcTests.Services), MemberType = typeof(ServiceGrpcTests))]
    public async Task Every_service_lists_itself_through_reflection_v1_and_v1alpha(string appId)
    {
        var v1 = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(mesh.Channel(appId));
        using (var call = v1.ServerReflectionInfo())
        {
            await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = string.Empty });
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Contains(ServiceName(appId), call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
        }

        var v1Alpha = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(mesh.Channel(appId));
        using var alpha = v1Alpha.ServerReflectionInfo();
        await alpha.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { FileContainingSymbol = ServiceName(appId) });
        await alpha.RequestStream.CompleteAsync();
        Assert.True(await alpha.ResponseStream.MoveNext());
        Assert.NotEmpty(alpha.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
    }

    [Theory]
    [MemberData(nameof(ServiceGrpcTests.Services), MemberType = typeof(ServiceGrpcTests))]
    public async Task Every_service_answers_health_by_its_own_name_and_not_by_another(string appId)
    {
        var health = new Health.HealthClient(mesh.Channel(appId));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = ServiceName(appId) })).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "checkout.nothing.v1.NothingService" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_page_size_out_of_range_carries_error_info_and_the_field_in_standard_details()
    {
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));

        var error = await Assert.ThrowsAsync<RpcException>(() => catalog.ListProductsAsync(new ListProductsRequest { Page = 1, PageSize = 1000 }).ResponseAsync);

        var status = error.GetRpcStatus()!;
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        var info = status.GetDetail<ErrorInfo>()!;
        Assert.Equal(("INVALID_PAGE_SIZE", RpcErrors.Domain, "catalog"), (info.Reason, info.Domain, info.Metadata["service"]));
        Assert.Equal("pageSize", Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task A_refusal_that_is_not_about_a_field_carries_error_info_and_no_bad_request()
    {
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));

        var error = await Assert.ThrowsAsync<RpcException>(() => catalog.GetProductAsync(new GetProductRequest { ProductId = "PROD-NOPE" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("PRODUCT_NOT_FOUND", RpcErrors.ReasonOf(error));
        Assert.Null(error.GetRpcStatus()!.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task Inventory_names_the_field_in_the_json_spelling_clients_send()
    {
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));

        var error = await Assert.ThrowsAsync<RpcException>(() => inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-ABC-001", WarehouseId = "NOWHERE", OnHand = 1 }).ResponseAsync);

        Assert.Equal(("INVALID_WAREHOUSE_ID", "warehouseId"), (RpcErrors.ReasonOf(error), RpcErrors.FieldOf(error)));
    }
}
