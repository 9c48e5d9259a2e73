using Checkout.Bff.Caching;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Errors;
using Grpc.Core;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff.Flows;

/// <summary>
/// Flow 1 of the seed. Catalog's complete product data and the current cart are fetched
/// in parallel; the item is written only when product, SKU, warehouse and stock pass.
/// </summary>
public sealed class AddToCartFlow(CatalogService.CatalogServiceClient catalog, CartService.CartServiceClient carts, CartCache cache)
{
    public async Task<ServiceCart> AddAsync(string customerId, AddCartItemRequest request, CancellationToken cancellationToken)
    {
        CartAdmission.ValidateAddRequest(request.ProductId, request.Sku, request.WarehouseId, request.Quantity);

        var productTask = GetProductAsync(request.ProductId, cancellationToken);
        var cartTask = carts.GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = customerId }, cancellationToken: cancellationToken).ResponseAsync;
        await Task.WhenAll(productTask, cartTask);

        var alreadyInCart = cartTask.Result.Cart.Items
            .Where(i => i.ProductId == request.ProductId && i.Sku == request.Sku && i.WarehouseId == request.WarehouseId)
            .Sum(i => i.Quantity);
        var admitted = CartAdmission.Admit(productTask.Result, request.Sku, request.WarehouseId, request.Quantity, alreadyInCart);

        var added = await carts.AddItemAsync(new AddItemRequest
        {
            CustomerId = customerId,
            ProductId = request.ProductId,
            Sku = request.Sku,
            Name = admitted.Name,
            WarehouseId = request.WarehouseId,
            Quantity = request.Quantity,
            UnitPrice = admitted.UnitPrice,
            Category = productTask.Result.Product.Category,
        }, cancellationToken: cancellationToken);
        await cache.InvalidateAsync(customerId, cancellationToken);
        return added.Cart;
    }

    private async Task<Contracts.Catalog.V1.GetProductResponse> GetProductAsync(string productId, CancellationToken cancellationToken)
    {
        try
        {
            return await catalog.GetProductAsync(new Contracts.Catalog.V1.GetProductRequest { ProductId = productId }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw RpcErrors.NotFound("PRODUCT_NOT_FOUND", $"Product {productId} does not exist.");
        }
    }
}
