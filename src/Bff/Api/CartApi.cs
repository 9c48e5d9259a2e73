using Checkout.Bff.Auth;
using Checkout.Bff.Caching;
using Checkout.Bff.Flows;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Versions;
using Checkout.Platform.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>
/// /api/v1/cart: every call needs a bearer token and acts on the token's customer.
/// Every answer carries the cart's <c>ETag</c>; a change sent with <c>If-Match</c> applies
/// only to that cart, or fails 412 CART_CHANGED and changes nothing.
/// </summary>
[Authorize]
public sealed class CartApi(AddToCartFlow addToCart, CartManagementFlow cartManagement, CartCache cache) : CartApiService.CartApiServiceBase
{
    public override async Task<AddCartItemResponse> AddCartItem(AddCartItemRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = Tagged(context, await ConditionalAsync(context, () => addToCart.AddAsync(context.CustomerId(), request, IfMatch(context), context.CancellationToken))) };

    public override async Task<GetCartResponse> GetCart(GetCartRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = Tagged(context, await cartManagement.GetAsync(context.CustomerId(), context.CancellationToken)) };

    public override async Task<UpdateCartItemResponse> UpdateCartItem(UpdateCartItemRequest request, ServerCallContext context) =>
        new()
        {
            Success = true,
            Cart = Tagged(context, await ConditionalAsync(context, () => cartManagement.UpdateQuantityAsync(context.CustomerId(), request.ItemId, request.HasQuantity ? request.Quantity : null, IfMatch(context), context.CancellationToken))),
        };

    public override async Task<RemoveCartItemResponse> RemoveCartItem(RemoveCartItemRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = Tagged(context, await ConditionalAsync(context, () => cartManagement.RemoveAsync(context.CustomerId(), request.ItemId, IfMatch(context), context.CancellationToken))) };

    /// <summary>
    /// A change refused because the cart is not the one the client saw drops the cached cart:
    /// the client's next read must show the cart that is (changed through another BFF, or
    /// by an order), or it would get the stale ETag again and every retry would fail.
    /// </summary>
    private async Task<Contracts.Cart.V1.Cart> ConditionalAsync(ServerCallContext context, Func<Task<Contracts.Cart.V1.Cart>> change)
    {
        try
        {
            return await change();
        }
        catch (RpcException ex) when (RpcErrors.ReasonOf(ex) == "CART_CHANGED")
        {
            await cache.InvalidateAsync(context.CustomerId(), CancellationToken.None);
            throw;
        }
    }

    private static string IfMatch(ServerCallContext context) => context.GetHttpContext().Request.Headers.IfMatch.ToString();

    private static Contracts.Bff.V1.Cart Tagged(ServerCallContext context, Contracts.Cart.V1.Cart cart)
    {
        context.GetHttpContext().Response.Headers.ETag = CartETags.Of(cart);
        return cart.ToView();
    }
}
