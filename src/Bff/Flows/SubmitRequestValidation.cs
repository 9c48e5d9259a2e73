using Checkout.Contracts.Bff.V1;
using Checkout.Platform.Errors;

namespace Checkout.Bff.Flows;

/// <summary>
/// The checks of a submit body that need no service; each failure names its field. The
/// addresses are verified where they are turned into the services' (AddressVerification).
/// </summary>
public static class SubmitRequestValidation
{
    public const int MaxNotesLength = 500;

    public static void Validate(SubmitCheckoutRequest request)
    {
        Require(request.CheckoutSessionId, "checkoutSessionId");
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
