using Checkout.Checkouts;
using Checkout.Contracts.Pricing;
using Checkout.Platform.Money;

namespace Checkout.UnitTests.Pricing;

public sealed class PricingCalculatorTests
{
    [Fact]
    public void The_seed_order_adds_up_under_our_rules()
    {
        // 2 x 249.99, SUMMER2024 (20% capped at 75.00), 500 points, standard shipping, CA tax.
        IReadOnlyList<PricingCalculator.Discount> discounts =
        [
            new(DiscountTypes.Promotion, "SUMMER2024", null, 7500),
            new(DiscountTypes.LoyaltyPoints, null, 500, 500),
        ];

        var totals = PricingCalculator.Assemble(49998, discounts, 1599, TaxTable.RateFor("US", "CA"));

        Assert.Equal(8000, totals.TotalDiscountsCents);
        Assert.Equal(3465, totals.TaxCents); // 8.25% of 419.98 = 34.648…
        Assert.Equal(49998 - 8000 + 1599 + 3465, totals.TotalCents);
    }

    [Fact]
    public void Subtotal_minus_discounts_plus_shipping_plus_tax_is_the_total_for_any_order()
    {
        var random = new Random(12345);
        for (var i = 0; i < 10_000; i++)
        {
            var subtotal = random.NextInt64(1, 5_000_000);
            IReadOnlyList<PricingCalculator.Discount> discounts = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => new PricingCalculator.Discount("promotion", "X", null, random.NextInt64(0, subtotal)))
                .ToList();
            var shipping = random.NextInt64(0, 5000);
            var rate = random.Next(0, 2500) / 100m;

            var totals = PricingCalculator.Assemble(subtotal, discounts, shipping, rate);

            // Each part worked out here on its own, from the rules as written in the README.
            var expectedDiscounts = Math.Min(subtotal, discounts.Sum(d => d.AmountCents));
            var expectedTax = (long)Math.Round((subtotal - expectedDiscounts) * rate / 100m, MidpointRounding.AwayFromZero);
            Assert.Equal(
                (subtotal, expectedDiscounts, shipping, expectedTax, subtotal - expectedDiscounts + shipping + expectedTax),
                (totals.SubtotalCents, totals.TotalDiscountsCents, totals.ShippingCents, totals.TaxCents, totals.TotalCents));
        }
    }

    [Fact]
    public void The_tier_discount_is_taken_after_promotions()
    {
        var afterPromotions = PricingCalculator.AfterPromotions(49998, [new("promotion", "SUMMER2024", null, 7500)]);
        Assert.Equal(42498, afterPromotions);
        Assert.Equal(2125, PricingCalculator.TierDiscount(afterPromotions, 5)); // 5% of 424.98 = 21.249
        Assert.Equal(0, PricingCalculator.TierDiscount(afterPromotions, 0));
    }

    [Fact]
    public void Every_promotion_comes_off_before_the_tier_discount_and_a_negative_tier_takes_nothing()
    {
        Assert.Equal(39998, PricingCalculator.AfterPromotions(49998, [new(DiscountTypes.Promotion, "A", null, 7500), new(DiscountTypes.Promotion, "B", null, 2500)]));
        Assert.Equal(0, PricingCalculator.AfterPromotions(1000, [new(DiscountTypes.Promotion, "A", null, 7500)]));
        Assert.Equal(0, PricingCalculator.TierDiscount(42498, -5));
    }

    [Theory]
    [InlineData("US", "CA", 8.25)]
    [InlineData("us", "ny", 8.00)]
    [InlineData(null, "TX", 6.25)]
    [InlineData("US", "WA", 6.50)]
    [InlineData("US", "FL", 6.00)]
    [InlineData("US", "IL", 6.25)]
    [InlineData("US", "NV", 6.85)]
    [InlineData("US", "OH", 5.75)]
    [InlineData("US", " ma ", 6.25)]
    [InlineData("US", "OR", 0)]
    [InlineData("US", "ZZ", 0)]
    [InlineData("US", null, 0)]
    [InlineData("DE", "", 19)]
    [InlineData("FR", "", 20)]
    [InlineData("GB", "", 20)]
    [InlineData("NL", "", 21)]
    [InlineData(" ca ", "ON", 5)]
    [InlineData("JP", "", 0)]
    public void Tax_rates_come_from_the_table(string? country, string? state, decimal rate) =>
        Assert.Equal(rate, TaxTable.RateFor(country, state));

    [Theory]
    [InlineData(12.5, 13)]
    [InlineData(12.49, 12)]
    [InlineData(-12.5, -13)]
    public void Rounding_is_half_away_from_zero(decimal cents, long expected) =>
        Assert.Equal(expected, MoneyRounding.ToCents(cents));
}
