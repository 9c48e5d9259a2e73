namespace Checkout.Contracts.Pricing;

/// <summary>The <c>type</c> of a discount line, as orders carry it and the REST API shows it.</summary>
public static class DiscountTypes
{
    /// <summary>A promotion code; the line's code is the promotion's.</summary>
    public const string Promotion = "promotion";

    /// <summary>The loyalty tier's percentage; the line's code is the tier.</summary>
    public const string Tier = "tier";

    /// <summary>Loyalty points spent; the line says how many.</summary>
    public const string LoyaltyPoints = "loyalty_points";

    public static readonly IReadOnlyList<string> All = [Promotion, Tier, LoyaltyPoints];
}
