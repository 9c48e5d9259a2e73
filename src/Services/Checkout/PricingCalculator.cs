using Checkout.Platform.Money;

namespace Checkout.Checkouts;

/// <summary>
/// Assembles an order's totals from the parts the rules produce, in this order:
/// promotions on the subtotal; the tier discount on what remains; loyalty points on what
/// remains after that; shipping; tax on goods after all discounts. Every part is in
/// whole cents already, so <c>subtotal − totalDiscounts + shipping + tax = total</c> holds
/// exactly, and no discount can take the goods below zero.
/// </summary>
public static class PricingCalculator
{
    public sealed record Discount(string Type, string? Code, int? PointsUsed, long AmountCents);

    public sealed record Totals(long SubtotalCents, IReadOnlyList<Discount> Discounts, long TotalDiscountsCents, long ShippingCents, long TaxCents, long TotalCents);

    /// <summary>The goods left for the tier discount once promotions are taken off.</summary>
    public static long AfterPromotions(long subtotalCents, IEnumerable<Discount> promotions) =>
        Math.Max(0, subtotalCents - promotions.Sum(p => p.AmountCents));

    public static long TierDiscount(long afterPromotionsCents, int tierPercentage) =>
        tierPercentage <= 0 ? 0 : MoneyRounding.Percent(afterPromotionsCents, tierPercentage);

    public static Totals Assemble(long subtotalCents, IReadOnlyList<Discount> discounts, long shippingCents, decimal taxRatePercent)
    {
        var totalDiscounts = Math.Min(subtotalCents, discounts.Sum(d => d.AmountCents));
        var taxable = subtotalCents - totalDiscounts;
        var tax = MoneyRounding.Percent(taxable, taxRatePercent);
        return new Totals(subtotalCents, discounts, totalDiscounts, shippingCents, tax, taxable + shippingCents + tax);
    }
}
