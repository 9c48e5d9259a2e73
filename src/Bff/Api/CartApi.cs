using Checkout.Bff.Auth;
using Checkout.Bff.Flows;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>/api/v1/cart: every call needs a bearer token and acts on the token's customer.</summary>
[Authorize]
public sealed class CartApi(AddToCartFlow addToCart, CartManagementFlow cartManagement) : CartApiService.CartApiServiceBase
{
    public override async Task<AddCartItemResponse> AddCartItem(AddCartItemRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = (await addToCart.AddAsync(context.CustomerId(), request, context.CancellationToken)).ToView() };

    public override async Task<GetCartResponse> GetCart(GetCartRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = (await cartManagement.GetAsync(context.CustomerId(), context.CancellationToken)).ToView() };

    public override async Task<UpdateCartItemResponse> UpdateCartItem(UpdateCartItemRequest request, ServerCallContext context) =>
        new()
        {
            Success = true,
            Cart = (await cartManagement.UpdateQuantityAsync(context.CustomerId(), request.ItemId, request.HasQuantity ? request.Quantity : null, context.CancellationToken)).ToView(),
        };

    public override async Task<RemoveCartItemResponse> RemoveCartItem(RemoveCartItemRequest request, ServerCallContext context) =>
        new() { Success = true, Cart = (await cartManagement.RemoveAsync(context.CustomerId(), request.ItemId, context.CancellationToken)).ToView() };
}
