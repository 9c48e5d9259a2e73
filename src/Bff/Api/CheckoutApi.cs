using Checkout.Bff.Auth;
using Checkout.Bff.Errors;
using Checkout.Bff.Flows;
using Checkout.Contracts.Bff.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>/api/v1/checkout: initiate (flow 3), price and submit (flow 4) for the token's customer.</summary>
[Authorize]
public sealed class CheckoutApi(CheckoutInitiationFlow initiation, CheckoutPricingFlow pricing, SubmitCheckoutFlow submission) : CheckoutApiService.CheckoutApiServiceBase
{
    public override Task<InitiateCheckoutResponse> InitiateCheckout(InitiateCheckoutRequest request, ServerCallContext context) =>
        initiation.InitiateAsync(context.CustomerId(), context.CancellationToken);

    public override Task<PriceCheckoutResponse> PriceCheckout(PriceCheckoutRequest request, ServerCallContext context) =>
        pricing.PriceAsync(context.CustomerId(), request, context.CancellationToken);

    public override async Task<SubmitCheckoutResponse> SubmitCheckout(SubmitCheckoutRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var key = http.Request.Headers[SubmitCheckoutFlow.IdempotencyHeader].FirstOrDefault();
        var (order, replayed) = await submission.SubmitAsync(context.CustomerId(), key, request, context.CancellationToken);
        // A payment held for a fraud review: the order is placed but not confirmed yet.
        http.Items[CreatedStatus.ItemKey] = order.Status == Views.OrderViews.StatusName(Contracts.Order.V1.OrderStatus.PaymentReview) ? StatusCodes.Status202Accepted : StatusCodes.Status201Created;
        http.Response.Headers.Location = $"/api/v1/orders/{Uri.EscapeDataString(order.OrderId)}";
        if (replayed)
        {
            http.Response.Headers[SubmitCheckoutFlow.ReplayedHeader] = "true";
        }

        return new SubmitCheckoutResponse { Order = order };
    }
}
