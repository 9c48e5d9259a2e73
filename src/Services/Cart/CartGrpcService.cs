using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Versions;
using Checkout.Platform.Errors;
using Grpc.Core;

namespace Checkout.Cart;

/// <summary>Cart's gRPC surface: validates the request, applies a rule through <see cref="CartStore"/>.</summary>
public sealed class CartGrpcService(CartStore carts) : CartService.CartServiceBase
{
    public override async Task<GetCartResponse> GetCart(GetCartRequest request, ServerCallContext context) =>
        new() { Cart = (await carts.GetAsync(Customer(request.CustomerId), context.CancellationToken)).ToProto() };

    public override async Task<AddItemResponse> AddItem(AddItemRequest request, ServerCallContext context)
    {
        var line = new NewLine(
            DomainErrors.Required(request.ProductId, "productId"),
            DomainErrors.Required(request.Sku, "sku"),
            DomainErrors.Required(request.Name, "name"),
            DomainErrors.Required(request.WarehouseId, "warehouseId"),
            request.Quantity,
            request.UnitPrice is { MinorUnits: >= 0 } price ? price.MinorUnits : throw DomainErrors.InvalidArgument("unitPrice", "unitPrice is required."),
            request.Category,
            request.HasAvailable ? request.Available : null);
        var cart = await Change(request.CustomerId, (c, now) => CartRules.AddItem(c, line, now), context, request.IfMatch);
        return new AddItemResponse { Cart = cart.ToProto() };
    }

    public override async Task<UpdateItemQuantityResponse> UpdateItemQuantity(UpdateItemQuantityRequest request, ServerCallContext context)
    {
        var itemId = DomainErrors.Required(request.ItemId, "itemId");
        var cart = await Change(request.CustomerId, (c, now) => CartRules.UpdateQuantity(c, itemId, request.Quantity, now), context, request.IfMatch);
        return new UpdateItemQuantityResponse { Cart = cart.ToProto() };
    }

    public override async Task<RemoveItemResponse> RemoveItem(RemoveItemRequest request, ServerCallContext context)
    {
        var itemId = DomainErrors.Required(request.ItemId, "itemId");
        var cart = await Change(request.CustomerId, (c, now) => CartRules.RemoveItem(c, itemId, now), context, request.IfMatch);
        return new RemoveItemResponse { Cart = cart.ToProto() };
    }

    public override async Task<RefreshPricesResponse> RefreshPrices(RefreshPricesRequest request, ServerCallContext context)
    {
        var prices = request.Prices.ToDictionary(p => p.ItemId, p => (p.Name, p.UnitPrice?.MinorUnits ?? throw DomainErrors.InvalidArgument("unitPrice", $"unitPrice of {p.ItemId} is required.")));
        var cart = await Change(request.CustomerId, (c, now) => CartRules.RefreshPrices(c, prices, now), context);
        return new RefreshPricesResponse { Cart = cart.ToProto() };
    }

    public override async Task<RemoveOrderedItemsResponse> RemoveOrderedItems(RemoveOrderedItemsRequest request, ServerCallContext context)
    {
        var ordered = request.Items.Select(i => new OrderedLine(i.ProductId, i.Sku, i.WarehouseId, i.Quantity)).ToList();
        await carts.RemoveOrderedAsync(Customer(request.CustomerId), DomainErrors.Required(request.OrderId, "orderId"), ordered, context.CancellationToken);
        return new RemoveOrderedItemsResponse();
    }

    /// <summary>Applies a rule; with <paramref name="ifMatch"/>, only to the cart the caller saw, checked in the same write.</summary>
    private Task<CartRecord> Change(string customerId, Func<CartRecord, DateTimeOffset, CartRecord> change, ServerCallContext context, string ifMatch = "") =>
        carts.ChangeAsync(Customer(customerId), (cart, now) =>
        {
            // The tag is hashed only for a conditional change: most changes carry no If-Match.
            if (ifMatch.Length > 0 && CartETags.Of(cart.ToProto()) is var current && !CartETags.Matches(ifMatch, current))
            {
                throw DomainErrors.FailedPrecondition("CART_CHANGED", $"The cart changed since it was read: it is now {current}, not {RpcErrors.Bound(ifMatch)}. Get it again and retry.");
            }

            return change(cart, now);
        }, context.CancellationToken);

    private static string Customer(string customerId) => DomainErrors.Required(customerId, "customerId");
}
