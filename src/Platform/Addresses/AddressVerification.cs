using System.Text.RegularExpressions;
using Checkout.Contracts.Common.V1;
using Checkout.Platform.Errors;

namespace Checkout.Platform.Addresses;

/// <summary>
/// The seed's "shipping and billing address verification", in one place for the BFF and
/// Checkout: each field is trimmed and its spaces collapsed, codes upper-cased, a US ZIP+4
/// written with its hyphen and a Canadian, British or Dutch postcode with its space; then
/// the country must be an ISO 3166-1 alpha-2 code, the state a subdivision where the country
/// has them (US, CA), the postal code of the country's format, and the text of sane length
/// and characters. A shipping address must also be somewhere the warehouses ship to. Every
/// refusal names the field (<c>shippingAddress.zipCode</c>); nothing that fails is priced.
/// </summary>
public static partial class AddressVerification
{
    public const int MaxStreetLength = 200;
    public const int MaxCityLength = 100;
    public const int MaxStateLength = 50;

    /// <summary>The address as it will be kept and priced, or the refusal naming <paramref name="prefix"/>.field.</summary>
    public static Address Verify(Address? address, string prefix, bool shipping)
    {
        if (address is null)
        {
            throw DomainErrors.InvalidArgument(prefix, $"{prefix} is required.");
        }

        var country = Clean(address.Country).ToUpperInvariant();
        if (!AddressCountries.Iso.Contains(country))
        {
            throw DomainErrors.InvalidArgument($"{prefix}.country", country.Length == 0
                ? $"{prefix}.country is required (an ISO 3166-1 alpha-2 code such as US)."
                : $"{prefix}.country {country} is not an ISO 3166-1 alpha-2 code.");
        }

        if (shipping && !AddressCountries.ShippedTo.Contains(country))
        {
            throw new DomainException(Google.Rpc.Code.FailedPrecondition, "COUNTRY_NOT_SHIPPED", $"We do not ship to {country}; we ship to {string.Join(", ", AddressCountries.ShippedTo)}.", $"{prefix}.country");
        }

        return new Address
        {
            Street = Text(address.Street, $"{prefix}.street", MaxStreetLength, StreetCharacters()),
            City = Text(address.City, $"{prefix}.city", MaxCityLength, CityCharacters()),
            State = State(address.State, country, $"{prefix}.state"),
            ZipCode = PostalCode(address.ZipCode, country, $"{prefix}.zipCode"),
            Country = country,
        };
    }

    private static string Text(string value, string field, int maxLength, Regex allowed)
    {
        var text = Clean(value);
        if (text.Length == 0)
        {
            throw DomainErrors.InvalidArgument(field, $"{field} is required.");
        }

        if (text.Length > maxLength)
        {
            throw DomainErrors.InvalidArgument(field, $"{field} may be at most {maxLength} characters.");
        }

        return allowed.IsMatch(text) ? text : throw DomainErrors.InvalidArgument(field, $"{field} has characters an address does not: use letters, digits, spaces and . , ' - # / & ( ).");
    }

    private static string State(string value, string country, string field)
    {
        var state = Clean(value).ToUpperInvariant();
        var subdivisions = country switch
        {
            "US" => AddressCountries.UsStates,
            "CA" => AddressCountries.CanadianProvinces,
            _ => null,
        };
        if (subdivisions is not null)
        {
            return subdivisions.Contains(state)
                ? state
                : throw DomainErrors.InvalidArgument(field, state.Length == 0 ? $"{field} is required in {country}." : $"{field} {state} is not a {(country == "US" ? "US state" : "Canadian province")} code.");
        }

        if (state.Length > MaxStateLength || (state.Length > 0 && !CityCharacters().IsMatch(state)))
        {
            throw DomainErrors.InvalidArgument(field, $"{field} may be at most {MaxStateLength} letters, spaces and . ' -.");
        }

        return state;
    }

    private static string PostalCode(string value, string country, string field)
    {
        var code = Clean(value).ToUpperInvariant();
        var (format, normal, example) = country switch
        {
            "US" => (UsZip(), (Func<Match, string>)(m => m.Groups["plus4"].Success ? $"{m.Groups["zip"].Value}-{m.Groups["plus4"].Value}" : m.Groups["zip"].Value), "94105 or 94105-1234"),
            "CA" => (CanadianPostalCode(), m => $"{m.Groups["fsa"].Value} {m.Groups["ldu"].Value}", "K1A 0B1"),
            "GB" => (BritishPostcode(), m => $"{m.Groups["outward"].Value} {m.Groups["inward"].Value}", "SW1A 1AA"),
            "NL" => (DutchPostcode(), m => $"{m.Groups["digits"].Value} {m.Groups["letters"].Value}", "1012 AB"),
            "DE" or "FR" => (FiveDigits(), m => m.Value, "10115"),
            _ => (OtherPostalCode(), m => m.Value, "2 to 10 letters, digits, spaces or hyphens"),
        };
        if (code.Length == 0)
        {
            // Some countries have no postal codes; those shipped to all do.
            return AddressCountries.ShippedTo.Contains(country) ? throw DomainErrors.InvalidArgument(field, $"{field} is required in {country}.") : code;
        }

        var match = format.Match(code);
        return match.Success ? normal(match) : throw DomainErrors.InvalidArgument(field, $"{field} {code} is not a postal code of {country} ({example}).");
    }

    /// <summary>Trimmed, with every run of whitespace one space.</summary>
    private static string Clean(string? value) => string.IsNullOrWhiteSpace(value) ? string.Empty : Whitespace().Replace(value.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[\p{L}\p{M}\d .,'#/&()-]+$")]
    private static partial Regex StreetCharacters();

    [GeneratedRegex(@"^[\p{L}\p{M}\d .'-]+$")]
    private static partial Regex CityCharacters();

    [GeneratedRegex(@"^(?<zip>\d{5})(-?(?<plus4>\d{4}))?$")]
    private static partial Regex UsZip();

    [GeneratedRegex(@"^(?<fsa>[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(?<ldu>\d[ABCEGHJ-NPRSTV-Z]\d)$")]
    private static partial Regex CanadianPostalCode();

    [GeneratedRegex(@"^(?<outward>[A-Z]{1,2}\d[A-Z\d]?) ?(?<inward>\d[A-Z]{2})$")]
    private static partial Regex BritishPostcode();

    [GeneratedRegex(@"^(?<digits>[1-9]\d{3}) ?(?<letters>[A-Z]{2})$")]
    private static partial Regex DutchPostcode();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex FiveDigits();

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9 -]{1,9}$")]
    private static partial Regex OtherPostalCode();
}
