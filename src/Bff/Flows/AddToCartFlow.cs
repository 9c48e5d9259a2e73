using Checkout.Bff.Caching;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Platform.Errors;
using Grpc.Core;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff.Flows;

/// <summary>
/// Flow 1 of the seed. Catalog's complete product data decides whether the product, SKU,
/// warehouse and stock allow the quantity; Cart then merges the line and checks the
/// merged quantity against that stock in the same write, so what is already in the cart
/// counts without a read of the cart first.
/// </summary>
public sealed class AddToCartFlow(CatalogService.CatalogServiceClient catalog, CartService.CartServiceClient carts, CartCache cache)
{
    public async Task<ServiceCart> AddAsync(string customerId, AddCartItemRequest request, string ifMatch, CancellationToken cancellationToken)
    {
        CartAdmission.ValidateAddRequest(request.ProductId, request.Sku, request.WarehouseId, request.Quantity);

        var product = await GetProductAsync(request.ProductId, cancellationToken);
        var admitted = CartAdmission.Admit(product, request.Sku, request.WarehouseId, request.Quantity, alreadyInCart: 0);

        var added = await carts.AddItemAsync(new AddItemRequest
        {
            CustomerId = customerId,
            ProductId = request.ProductId,
            Sku = request.Sku,
            Name = admitted.Name,
            WarehouseId = request.WarehouseId,
            Quantity = request.Quantity,
            UnitPrice = admitted.UnitPrice,
            Category = product.Product.Category,
            Available = admitted.Available,
            IfMatch = ifMatch,
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
            throw DomainErrors.NotFound("PRODUCT_NOT_FOUND", $"Product {productId} does not exist.");
        }
    }
}
