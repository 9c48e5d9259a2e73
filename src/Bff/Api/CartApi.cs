using Checkout.Bff.Auth;
using Checkout.Bff.Flows;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Versions;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>
/// /api/v1/cart: every call needs a bearer token and acts on the token's customer.
/// Every answer carries the cart's <c>ETag</c>; a change sent with <c>If-Match</c> applies
/// only to that cart, or fails 412 CART_CHANGED and changes nothing.
/// </summary>
[Authorize]
public sealed class CartApi(AddToCartFlow addToCart, CartManagementFlow cartManagement) : CartApiService.CartApiServiceBase
{
    public override async Task<AddCartItemResponse> AddCartItem(AddCartItemRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = Tagged(context, await addToCart.AddAsync(context.CustomerId(), request, IfMatch(context), context.CancellationToken)) };

    public override async Task<GetCartResponse> GetCart(GetCartRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = Tagged(context, await cartManagement.GetAsync(context.CustomerId(), context.CancellationToken)) };

    public override async Task<UpdateCartItemResponse> UpdateCartItem(UpdateCartItemRequest request, ServerCallContext context) =>
        new()
        {
            Success = true,
            Cart = Tagged(context, await cartManagement.UpdateQuantityAsync(context.CustomerId(), request.ItemId, request.HasQuantity ? request.Quantity : null, IfMatch(context), context.CancellationToken)),
        };

    public override async Task<RemoveCartItemResponse> RemoveCartItem(RemoveCartItemRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = Tagged(context, await cartManagement.RemoveAsync(context.CustomerId(), request.ItemId, IfMatch(context), context.CancellationToken)) };

    private static string IfMatch(ServerCallContext context) => context.GetHttpContext().Request.Headers.IfMatch.ToString();

    private static Contracts.Bff.V1.Cart Tagged(ServerCallContext context, Contracts.Cart.V1.Cart cart)
    {
        context.GetHttpContext().Response.Headers.ETag = CartETags.Of(cart);
        return cart.ToView();
    }
}
