namespace Checkout.Platform.Money;

/// <summary>
/// The one rounding rule of the mesh: amounts are computed in decimal and rounded to
/// whole cents half away from zero (2.675 cents → 3 cents), at the step that produces
/// them (a discount, a tax). Totals are sums of rounded parts, so they always add up.
/// </summary>
public static class MoneyRounding
{
    public static long ToCents(decimal cents) => (long)decimal.Round(cents, 0, MidpointRounding.AwayFromZero);

    /// <summary><paramref name="percent"/> % of an amount, rounded to a cent.</summary>
    public static long Percent(long cents, decimal percent) => ToCents(cents * percent / 100m);
}
