using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Grpc.Core;

namespace Checkout.Catalog;

/// <summary>Catalog's gRPC surface. Stock comes from Inventory in one batched call per request.</summary>
public sealed class CatalogGrpcService(CatalogRepository catalog, InventoryService.InventoryServiceClient inventory) : CatalogService.CatalogServiceBase
{
    public override async Task<GetProductResponse> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var product = await catalog.FindAsync(DomainErrors.Required(request.ProductId, "productId"), context.CancellationToken)
            ?? throw DomainErrors.NotFound("PRODUCT_NOT_FOUND", $"Product {request.ProductId} does not exist.");

        var availability = new GetAvailabilityRequest();
        availability.Skus.AddRange(product.Skus.Select(s => s.Sku));
        var stock = await inventory.GetAvailabilityAsync(availability, cancellationToken: context.CancellationToken);

        var response = new GetProductResponse { Product = product.ToProto(catalog.Currency) };
        response.Stock.AddRange(stock.Levels.Select(l => new WarehouseStock { Sku = l.Sku, WarehouseId = l.WarehouseId, Available = l.Available }));
        response.Promotions.AddRange(product.Promotions.Select(p => new ProductPromotion { Code = p.Code, Description = p.Description }));
        return response;
    }

    public override async Task<ListProductsResponse> ListProducts(ListProductsRequest request, ServerCallContext context)
    {
        var (window, invalidField) = ProductPaging.Plan(request.Page, request.PageSize);
        if (window is null)
        {
            throw invalidField == "page"
                ? DomainErrors.InvalidArgument("page", "page must be 1 or more.")
                : DomainErrors.InvalidArgument("pageSize", $"pageSize must be between 1 and {ProductPaging.MaxPageSize}.");
        }

        var page = await catalog.ListAsync(request.Category, window, context.CancellationToken);
        var response = new ListProductsResponse { TotalCount = page.TotalCount, Page = page.Number, PageSize = page.Size };
        response.Products.AddRange(page.Products.Select(p => p.ToProto(catalog.Currency)));
        response.Categories.AddRange(catalog.Meta.Categories.Select(c => c.Name));
        return response;
    }

    public override async Task<GetPricesResponse> GetPrices(GetPricesRequest request, ServerCallContext context)
    {
        var products = await catalog.FindManyAsync([.. request.Items.Select(i => i.ProductId)], context.CancellationToken);
        var response = new GetPricesResponse();
        foreach (var query in request.Items)
        {
            var product = products.GetValueOrDefault(query.ProductId);
            var sku = product?.FindSku(query.Sku);
            response.Prices.Add(new SkuPrice
            {
                ProductId = query.ProductId,
                Sku = query.Sku,
                Name = product?.Name ?? string.Empty,
                Price = sku is null ? null : MoneyExtensions.Cents(sku.PriceCents, catalog.Currency),
                Sold = product is { Active: true } && sku is { Active: true },
                Category = product?.Category ?? string.Empty,
            });
        }

        return response;
    }

    public override async Task<ValidateItemsResponse> ValidateItems(ValidateItemsRequest request, ServerCallContext context)
    {
        var availability = new GetAvailabilityRequest();
        availability.Skus.AddRange(request.Items.Select(i => i.Sku).Distinct(StringComparer.Ordinal));
        var stockCall = inventory.GetAvailabilityAsync(availability, cancellationToken: context.CancellationToken);
        var products = await catalog.FindManyAsync([.. request.Items.Select(i => i.ProductId)], context.CancellationToken);
        var stock = await stockCall;
        var available = stock.Levels.ToDictionary(l => (l.Sku, l.WarehouseId), l => l.Available);

        var response = new ValidateItemsResponse();
        foreach (var item in request.Items)
        {
            var product = products.GetValueOrDefault(item.ProductId);
            var sku = product?.FindSku(item.Sku);
            var inStock = available.GetValueOrDefault((item.Sku, item.WarehouseId));
            response.Items.Add(new ItemValidation
            {
                Item = item,
                Name = product?.Name ?? string.Empty,
                CurrentPrice = sku is null ? null : MoneyExtensions.Cents(sku.PriceCents, catalog.Currency),
                Available = inStock,
                Status = StockRules.Classify(product is { Active: true } && sku is { Active: true }, item.Quantity, inStock),
                Category = product?.Category ?? string.Empty,
            });
        }

        return response;
    }

    public override async Task<SetPriceResponse> SetPrice(SetPriceRequest request, ServerCallContext context)
    {
        if (request.Price is null || request.Price.MinorUnits <= 0)
        {
            throw DomainErrors.InvalidArgument("price", "price must be more than zero.");
        }

        if (!string.Equals(request.Price.CurrencyCode, catalog.Currency, StringComparison.Ordinal))
        {
            throw DomainErrors.InvalidArgument("price.currencyCode", $"price.currencyCode must be {catalog.Currency}.");
        }

        var sku = await catalog.SetPriceAsync(DomainErrors.Required(request.ProductId, "productId"), DomainErrors.Required(request.Sku, "sku"), request.Price.MinorUnits, context.CancellationToken)
            ?? throw DomainErrors.NotFound("SKU_NOT_FOUND", $"Product {request.ProductId} has no SKU {request.Sku}.");
        return new SetPriceResponse { Sku = sku.ToProto(catalog.Currency) };
    }
}
