using Checkout.Bff.Caching;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using CheckoutClient = Checkout.Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient;

namespace Checkout.Bff.Flows;

/// <summary>
/// Flow 4 at the gateway: checks what needs no service, hands the submission to Checkout,
/// which owns the saga, its durable progress and the <c>Idempotency-Key</c>
/// (Checkout's SubmitOrder), and shows the order. The customer's cached cart is dropped,
/// since the order took the bought items out of it.
/// </summary>
public sealed class SubmitCheckoutFlow(CheckoutClient checkout, CartCache cartCache)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Marks a response that is the stored answer to an earlier request with the same key (as Stripe does).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async Task<(OrderView Order, bool Replayed)> SubmitAsync(string customerId, string? idempotencyKey, SubmitCheckoutRequest request, CancellationToken ct)
    {
        SubmitRequestValidation.Validate(request);
        if (idempotencyKey is { Length: 0 or > MaxKeyLength })
        {
            throw DomainErrors.InvalidArgument("idempotencyKey", $"The {IdempotencyHeader} header must be 1 to {MaxKeyLength} characters.");
        }

        var submit = new SubmitOrderRequest
        {
            CustomerId = customerId,
            SessionId = request.CheckoutSessionId,
            ShippingAddress = RestAddresses.Verified(request.ShippingAddress, "shippingAddress", shipping: true),
            BillingAddress = request.BillingAddress is null ? null : RestAddresses.Verified(request.BillingAddress, "billingAddress", shipping: false),
            PaymentMethodId = request.PaymentMethod.Id,
            PaymentMethodType = request.PaymentMethod.Type,
            ShippingMethod = request.ShippingMethod,
            LoyaltyPointsToUse = request.LoyaltyPointsToUse,
            Notes = request.Notes,
            IdempotencyKey = idempotencyKey ?? string.Empty,
        };
        submit.PromotionCodes.AddRange(request.PromotionCodes);
        var submitted = await checkout.SubmitOrderAsync(submit, cancellationToken: ct);
        await cartCache.InvalidateAsync(customerId, CancellationToken.None);
        return (submitted.Order.ToView(), submitted.Replayed);
    }
}
