using Checkout.Shipping;

namespace Checkout.UnitTests.Shipping;

public sealed class ShippingRatesTests
{
    private static readonly DateTimeOffset Ordered = new(2024, 8, 10, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("standard", 1599, "2024-08-15")]
    [InlineData("express", 2499, "2024-08-12")]
    [InlineData("overnight", 3999, "2024-08-11")]
    public void Each_method_has_its_rate_and_estimate(string name, long cost, string delivery)
    {
        var method = ShippingRates.Find(name)!;
        Assert.Equal(cost, ShippingRates.CostOf(method, freeShipping: false));
        Assert.Equal(DateOnly.Parse(delivery, System.Globalization.CultureInfo.InvariantCulture), ShippingRates.EstimatedDelivery(method, Ordered));
    }

    [Fact]
    public void Free_shipping_makes_standard_free_and_leaves_faster_methods_priced()
    {
        Assert.Equal(0, ShippingRates.CostOf(ShippingRates.Find("standard")!, freeShipping: true));
        Assert.Equal(2499, ShippingRates.CostOf(ShippingRates.Find("EXPRESS")!, freeShipping: true));
    }

    [Fact]
    public void An_unknown_method_is_not_found() => Assert.Null(ShippingRates.Find("teleport"));
}
