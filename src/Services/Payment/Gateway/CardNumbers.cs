using System.Security.Cryptography;
using System.Text;
using Checkout.Platform.State;

namespace Checkout.Payment.Gateway;

/// <summary>What the gateway learned of a card it tokenized: never the number or the code.</summary>
public sealed record CardDetails(string Brand, string Last4, int ExpMonth, int ExpYear, string Fingerprint) : IImmutableState;

/// <summary>A card the gateway refuses to tokenize, in its own error shape (as Stripe's: a code and the parameter at fault).</summary>
public sealed record CardRefusal(string Code, string Param, string Message);

/// <summary>
/// The gateway's checks of a card entered by a customer, pure: the number's length, brand and
/// Luhn check digit, the expiry (not past), the security code's length for the brand. Only
/// the brand, last four digits, expiry and a fingerprint of the number come out.
/// </summary>
public static class CardNumbers
{
    public static (CardDetails? Card, CardRefusal? Refusal) Check(string? number, int expMonth, int expYear, string? cvc, DateTimeOffset now)
    {
        var digits = new string((number ?? string.Empty).Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit) || !LuhnValid(digits))
        {
            return (null, new CardRefusal("invalid_number", "number", "The card number is not a valid card number."));
        }

        if (BrandOf(digits) is not { } brand)
        {
            return (null, new CardRefusal("invalid_number", "number", "Only Visa, Mastercard, American Express and Discover cards are accepted."));
        }

        if (expMonth is < 1 or > 12)
        {
            return (null, new CardRefusal("invalid_expiry_month", "expMonth", "The expiry month must be 1 to 12."));
        }

        var year = expYear is >= 0 and < 100 ? 2000 + expYear : expYear;
        if (year > now.Year + 20)
        {
            return (null, new CardRefusal("invalid_expiry_year", "expYear", "The expiry year is too far ahead."));
        }

        // A year before this one is past without a date being built (a negative year has none).
        if (year < now.Year || CardExpiry.Passed(expMonth, year, now))
        {
            return (null, new CardRefusal("expired_card", "expYear", "The card has expired."));
        }

        var cvcLength = brand == "amex" ? 4 : 3;
        if (cvc is null || cvc.Length != cvcLength || !cvc.All(char.IsAsciiDigit))
        {
            return (null, new CardRefusal("invalid_cvc", "cvc", $"The security code of this card is {cvcLength} digits."));
        }

        return (new CardDetails(brand, digits[^4..], expMonth, year, Fingerprint(digits)), null);
    }

    /// <summary>The brand by the number's prefix and length (IIN ranges).</summary>
    public static string? BrandOf(string digits) => digits switch
    {
        _ when digits[0] == '4' && digits.Length is 13 or 16 or 19 => "visa",
        _ when digits.Length == 16 && (Prefix(digits, 2) is >= 51 and <= 55 || Prefix(digits, 4) is >= 2221 and <= 2720) => "mastercard",
        _ when digits.Length == 15 && Prefix(digits, 2) is 34 or 37 => "amex",
        _ when digits.Length is >= 16 and <= 19 && (digits.StartsWith("6011", StringComparison.Ordinal) || Prefix(digits, 2) == 65 || Prefix(digits, 3) is >= 644 and <= 649) => "discover",
        _ => null,
    };

    /// <summary>The Luhn check: every second digit from the right doubled, the sum a multiple of ten.</summary>
    public static bool LuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    /// <summary>The same number always has the same fingerprint, and the fingerprint does not give the number back.</summary>
    private static string Fingerprint(string digits) =>
        "fp_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("checkout-simulated-gateway|" + digits)))[..24];

    private static int Prefix(string digits, int length) => int.Parse(digits.AsSpan(0, length), System.Globalization.CultureInfo.InvariantCulture);
}
