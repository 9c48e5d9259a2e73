namespace Checkout.Platform.Money;

/// <summary>
/// Money inside the mesh is integer minor units. The only conversions to other
/// representations live here: to a decimal amount, and to the JSON number of the
/// public REST contract (formatted from the decimal, so 24999 prints as 249.99).
/// </summary>
public static class MoneyExtensions
{
    public const string DefaultCurrency = "USD";

    /// <summary>Minor units per major unit. The mesh sells in two-decimal currencies only (USD).</summary>
    public const int MinorUnitsPerMajor = 100;

    public static Contracts.Common.V1.Money Cents(long minorUnits, string currency = DefaultCurrency) =>
        new() { CurrencyCode = currency, MinorUnits = minorUnits };

    /// <summary>The exact decimal amount of <paramref name="minorUnits"/> (24999 is 249.99), as order events carry it.</summary>
    public static decimal ToMajorUnits(long minorUnits) => (decimal)minorUnits / MinorUnitsPerMajor;

    /// <summary>A decimal amount back in minor units, to the cent, half away from zero (<see cref="MoneyRounding"/>).</summary>
    public static long FromMajorUnits(decimal amount) => MoneyRounding.ToCents(amount * MinorUnitsPerMajor);

    /// <summary>
    /// The REST contract shows amounts as JSON numbers (249.99). The double is produced
    /// from the exact decimal and never used for arithmetic; its shortest round-trip
    /// form is the decimal's text, so clients read exactly the cents we hold.
    /// </summary>
    public static double ToJsonNumber(long minorUnits) => (double)ToMajorUnits(minorUnits);

    public static double ToJsonNumber(this Contracts.Common.V1.Money? money) => money is null ? 0 : ToJsonNumber(money.MinorUnits);
}
