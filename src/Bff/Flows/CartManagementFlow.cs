using Checkout.Bff.Caching;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Platform.Errors;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff.Flows;

/// <summary>
/// Flow 2 of the seed: view, update and remove. A view is served from the cart cache;
/// on a miss the cart's prices are refreshed from Catalog in one batched call and
/// written back when any changed. Every change invalidates the cache.
/// </summary>
public sealed class CartManagementFlow(CatalogService.CatalogServiceClient catalog, CartService.CartServiceClient carts, CartCache cache)
{
    public ValueTask<ServiceCart> GetAsync(string customerId, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(customerId, ct => LoadWithCurrentPricesAsync(customerId, ct), cancellationToken);

    public async Task<ServiceCart> UpdateQuantityAsync(string customerId, string itemId, int? quantity, string ifMatch, CancellationToken cancellationToken)
    {
        if (quantity is not { } wanted)
        {
            throw DomainErrors.InvalidArgument("quantity", "quantity is required (0 removes the item).");
        }

        CartAdmission.RequireQuantity(wanted, minimum: 0);
        var cart = (await carts.GetCartAsync(new GetCartRequest { CustomerId = customerId }, cancellationToken: cancellationToken)).Cart;
        var line = cart.Items.FirstOrDefault(i => i.ItemId == itemId)
            ?? throw DomainErrors.NotFound("CART_ITEM_NOT_FOUND", $"The cart has no item {itemId}.");

        if (wanted > line.Quantity)
        {
            var product = await catalog.GetProductAsync(new Contracts.Catalog.V1.GetProductRequest { ProductId = line.ProductId }, cancellationToken: cancellationToken);
            CartAdmission.Admit(product, line.Sku, line.WarehouseId, wanted - line.Quantity, line.Quantity);
        }

        var updated = await carts.UpdateItemQuantityAsync(
            new UpdateItemQuantityRequest { CustomerId = customerId, ItemId = itemId, Quantity = wanted, IfMatch = ifMatch },
            cancellationToken: cancellationToken);
        await cache.InvalidateAsync(customerId, cancellationToken);
        return updated.Cart;
    }

    public async Task<ServiceCart> RemoveAsync(string customerId, string itemId, string ifMatch, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(itemId))
        {
            throw DomainErrors.InvalidArgument("itemId", "itemId is required.");
        }

        var updated = await carts.RemoveItemAsync(new RemoveItemRequest { CustomerId = customerId, ItemId = itemId, IfMatch = ifMatch }, cancellationToken: cancellationToken);
        await cache.InvalidateAsync(customerId, cancellationToken);
        return updated.Cart;
    }

    private async ValueTask<ServiceCart> LoadWithCurrentPricesAsync(string customerId, CancellationToken cancellationToken)
    {
        var cart = (await carts.GetCartAsync(new GetCartRequest { CustomerId = customerId }, cancellationToken: cancellationToken)).Cart;
        if (cart.Items.Count == 0)
        {
            return cart;
        }

        var query = new GetPricesRequest();
        query.Items.AddRange(cart.Items.Select(i => new PriceQuery { ProductId = i.ProductId, Sku = i.Sku }));
        var prices = await catalog.GetPricesAsync(query, cancellationToken: cancellationToken);

        var refresh = new RefreshPricesRequest { CustomerId = customerId };
        for (var i = 0; i < cart.Items.Count; i++)
        {
            // Prices come back in query order. A SKU no longer sold keeps its last price;
            // checkout initiation refuses it with a clear message.
            var (item, current) = (cart.Items[i], prices.Prices[i]);
            if (current.Price is not null && (current.Price.MinorUnits != item.UnitPrice.MinorUnits || current.Name != item.Name))
            {
                refresh.Prices.Add(new ItemPrice { ItemId = item.ItemId, Name = current.Name, UnitPrice = current.Price });
            }
        }

        return refresh.Prices.Count == 0
            ? cart
            : (await carts.RefreshPricesAsync(refresh, cancellationToken: cancellationToken)).Cart;
    }
}
