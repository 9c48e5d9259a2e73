using Checkout.Contracts.Bff.V1;
using Checkout.Platform.Errors;

namespace Checkout.Bff.Flows;

/// <summary>The checks of a submit body that need no service; each failure names its field.</summary>
public static class SubmitRequestValidation
{
    public const int MaxNotesLength = 500;

    public static void Validate(SubmitCheckoutRequest request)
    {
        Require(request.CheckoutSessionId, "checkoutSessionId");
        if (request.ShippingAddress is null)
        {
            throw DomainErrors.InvalidArgument("shippingAddress", "shippingAddress is required.");
        }

        Require(request.ShippingAddress.Street, "shippingAddress.street");
        Require(request.ShippingAddress.City, "shippingAddress.city");
        Require(request.ShippingAddress.ZipCode, "shippingAddress.zipCode");
        if (request.BillingAddress is { } billing)
        {
            Require(billing.Street, "billingAddress.street");
            Require(billing.City, "billingAddress.city");
            Require(billing.ZipCode, "billingAddress.zipCode");
        }

        if (request.PaymentMethod is null)
        {
            throw DomainErrors.InvalidArgument("paymentMethod", "paymentMethod is required.");
        }

        Require(request.PaymentMethod.Id, "paymentMethod.id");
        Require(request.ShippingMethod, "shippingMethod");
        if (request.LoyaltyPointsToUse < 0)
        {
            throw DomainErrors.InvalidArgument("loyaltyPointsToUse", "loyaltyPointsToUse cannot be negative.");
        }

        if (request.Notes.Length > MaxNotesLength)
        {
            throw DomainErrors.InvalidArgument("notes", $"notes may be at most {MaxNotesLength} characters.");
        }
    }

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DomainErrors.InvalidArgument(field, $"{field} is required.");
        }
    }
}
