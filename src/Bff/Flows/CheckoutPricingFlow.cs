using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Checkout.V1;
using CheckoutClient = Checkout.Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient;

namespace Checkout.Bff.Flows;

/// <summary>
/// The price breakdown a submission would charge, before it is submitted: Checkout prices the
/// session (CalculateTotals, the submission's own pricing), so a storefront shows exactly what
/// will be charged and never computes a total itself.
/// </summary>
public sealed class CheckoutPricingFlow(CheckoutClient checkout)
{
    public async Task<PriceCheckoutResponse> PriceAsync(string customerId, PriceCheckoutRequest request, CancellationToken ct)
    {
        var calculate = new CalculateTotalsRequest
        {
            SessionId = request.CheckoutSessionId,
            CustomerId = customerId,
            ShippingAddress = RestAddresses.Verified(request.ShippingAddress, "shippingAddress", shipping: true),
            ShippingMethod = request.ShippingMethod,
            LoyaltyPointsToUse = request.LoyaltyPointsToUse,
        };
        calculate.PromotionCodes.AddRange(request.PromotionCodes);
        var priced = await checkout.CalculateTotalsAsync(calculate, cancellationToken: ct);
        return new PriceCheckoutResponse { Pricing = priced.Totals.ToView(), EstimatedDelivery = priced.EstimatedDelivery };
    }
}
