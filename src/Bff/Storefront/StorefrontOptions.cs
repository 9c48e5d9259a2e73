namespace Checkout.Bff.Storefront;

/// <summary>What the storefront needs from its host (section "Bff:Storefront").</summary>
public sealed class StorefrontOptions
{
    public const string Section = "Bff:Storefront";

    /// <summary>
    /// The card gateway's tokenization endpoint (README, "Cards"), which the shopper's browser
    /// sends a new card's number to; the BFF never sees the number. Unset: the storefront
    /// offers the saved cards only.
    /// </summary>
    public Uri? CardGateway { get; set; }
}
