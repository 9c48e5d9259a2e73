using Checkout.Bff.Auth;
using Checkout.Bff.Errors;
using Checkout.Bff.Flows;
using Checkout.Contracts.Bff.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>/api/v1/checkout: initiate (flow 3) and submit (flow 4) for the token's customer.</summary>
[Authorize]
public sealed class CheckoutApi(CheckoutInitiationFlow initiation, SubmitCheckoutFlow submission) : CheckoutApiService.CheckoutApiServiceBase
{
    public override Task<InitiateCheckoutResponse> InitiateCheckout(InitiateCheckoutRequest request, ServerCallContext context) =>
        initiation.InitiateAsync(context.CustomerId(), context.CancellationToken);

    public override async Task<SubmitCheckoutResponse> SubmitCheckout(SubmitCheckoutRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var key = http.Request.Headers[SubmitCheckoutFlow.IdempotencyHeader].FirstOrDefault();
        var (order, replayed) = await submission.SubmitAsync(context.CustomerId(), key, request, context.CancellationToken);
        http.Items[CreatedStatus.ItemKey] = true;
        http.Response.Headers.Location = $"/api/v1/orders/{Uri.EscapeDataString(order.OrderId)}";
        if (replayed)
        {
            http.Response.Headers[SubmitCheckoutFlow.ReplayedHeader] = "true";
        }

        return new SubmitCheckoutResponse { Order = order };
    }
}
