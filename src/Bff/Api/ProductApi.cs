using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Limits;
using Checkout.Platform.Errors;
using Grpc.Core;
using CatalogRequests = Checkout.Contracts.Catalog.V1;

namespace Checkout.Bff.Api;

/// <summary>/api/v1/products: public browsing, straight from Catalog.</summary>
public sealed class ProductApi(CatalogService.CatalogServiceClient catalog) : ProductApiService.ProductApiServiceBase
{
    public override async Task<Contracts.Bff.V1.ListProductsResponse> ListProducts(Contracts.Bff.V1.ListProductsRequest request, ServerCallContext context)
    {
        var result = await catalog.ListProductsAsync(
            new CatalogRequests.ListProductsRequest { Category = request.Category, Page = request.Page, PageSize = request.PageSize },
            cancellationToken: context.CancellationToken);

        // A Catalog older than the page it applied answers 0: its defaults were these.
        var (page, pageSize) = (Math.Max(result.Page, 1), result.PageSize > 0 ? result.PageSize : PageLimits.DefaultPageSize);
        var response = new Contracts.Bff.V1.ListProductsResponse
        {
            Page = page,
            PageSize = pageSize,
            TotalCount = result.TotalCount,
            TotalPages = (result.TotalCount + pageSize - 1) / pageSize,
        };
        response.Products.AddRange(result.Products.Select(p => p.ToSummary()));
        response.Categories.AddRange(result.Categories);
        return response;
    }

    public override async Task<Contracts.Bff.V1.GetProductResponse> GetProduct(Contracts.Bff.V1.GetProductRequest request, ServerCallContext context)
    {
        try
        {
            var complete = await catalog.GetProductAsync(new CatalogRequests.GetProductRequest { ProductId = request.ProductId }, cancellationToken: context.CancellationToken);
            return complete.ToDetail();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw DomainErrors.NotFound("PRODUCT_NOT_FOUND", $"Product {request.ProductId} does not exist.");
        }
    }
}
