namespace Checkout.Checkouts;

/// <summary>
/// Sales tax by destination, in one place: a rate per US state and per country, applied
/// to the goods after discounts (shipping is not taxed), rounded to a cent once. A
/// destination not in the table is taxed at zero. The rates are illustrative state base
/// rates, not tax advice; a real shop plugs in a tax service here.
/// </summary>
public static class TaxTable
{
    private static readonly IReadOnlyDictionary<string, decimal> UsStates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["CA"] = 8.25m,
        ["NY"] = 8.00m,
        ["TX"] = 6.25m,
        ["WA"] = 6.50m,
        ["FL"] = 6.00m,
        ["IL"] = 6.25m,
        ["NV"] = 6.85m,
        ["OH"] = 5.75m,
        ["MA"] = 6.25m,
        ["OR"] = 0m,
    };

    private static readonly IReadOnlyDictionary<string, decimal> Countries = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["DE"] = 19m,
        ["FR"] = 20m,
        ["GB"] = 20m,
        ["NL"] = 21m,
        ["CA"] = 5m,
    };

    /// <summary>The rate in percent for a destination (country defaults to US).</summary>
    public static decimal RateFor(string? country, string? state)
    {
        var code = string.IsNullOrWhiteSpace(country) ? "US" : country.Trim();
        if (string.Equals(code, "US", StringComparison.OrdinalIgnoreCase))
        {
            return UsStates.GetValueOrDefault(state?.Trim() ?? string.Empty);
        }

        return Countries.GetValueOrDefault(code);
    }
}
