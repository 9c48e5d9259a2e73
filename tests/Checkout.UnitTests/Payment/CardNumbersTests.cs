using Checkout.Payment.Gateway;

namespace Checkout.UnitTests.Payment;

public sealed class CardNumbersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("4242424242424242", "visa")]
    [InlineData("4222222222222", "visa")] // 13 digits
    [InlineData("5555555555554444", "mastercard")]
    [InlineData("2223003122003222", "mastercard")] // the 2-series
    [InlineData("378282246310005", "amex")]
    [InlineData("6011111111111117", "discover")]
    [InlineData("6445644564456445", "discover")]
    [InlineData("6490000000000004", "discover")]      // the end of 644-649
    [InlineData("6011000000000000001", "discover")]   // 19 digits
    [InlineData("4000000000000000006", "visa")]       // 19 digits
    [InlineData("2221000000000009", "mastercard")]    // the first of the 2-series
    [InlineData("2720999999999996", "mastercard")]    // the last
    public void Known_brands_are_told_by_prefix_and_length(string number, string brand) =>
        Assert.Equal(brand, CardNumbers.BrandOf(number));

    [Theory]
    [InlineData("42424242424242")]     // Visa, but 14 digits
    [InlineData("5655555555554444")]   // 56 is no Mastercard
    [InlineData("2721003122003222")]   // past the 2-series
    [InlineData("37828224631000")]     // Amex, one digit short
    [InlineData("6011111111111")]      // Discover, too short
    [InlineData("6431111111111111")]   // 643 is not Discover's
    [InlineData("9999999999999995")]
    [InlineData("2220000000000000")]     // just before the 2-series
    [InlineData("2721000000000004")]     // just after
    public void Other_numbers_have_no_brand(string number) => Assert.Null(CardNumbers.BrandOf(number));

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("4242424242424241", false)]
    [InlineData("79927398713", true)] // the textbook example
    [InlineData("79927398710", false)]
    public void The_luhn_check_digit_is_verified(string number, bool valid) => Assert.Equal(valid, CardNumbers.LuhnValid(number));

    [Fact]
    public void A_good_card_gives_brand_last_four_expiry_and_a_fingerprint_never_the_number()
    {
        var (card, refusal) = CardNumbers.Check("4242 4242-4242 4242", 12, 31, "123", Now);
        Assert.Null(refusal);
        Assert.Equal(("visa", "4242", 12, 2031), (card!.Brand, card.Last4, card.ExpMonth, card.ExpYear));
        Assert.StartsWith("fp_", card.Fingerprint, StringComparison.Ordinal);
        Assert.DoesNotContain("4242424242424242", card.ToString(), StringComparison.Ordinal);
        Assert.Equal(card.Fingerprint, CardNumbers.Check("4242424242424242", 1, 2030, "999", Now).Card!.Fingerprint);
        Assert.NotEqual(card.Fingerprint, CardNumbers.Check("5555555555554444", 12, 2031, "123", Now).Card!.Fingerprint);
    }

    [Theory]
    [InlineData(null, 12, 2031, "123", "invalid_number")]
    [InlineData("4242 4242 4242 424x", 12, 2031, "123", "invalid_number")]
    [InlineData("42424242424", 12, 2031, "123", "invalid_number")] // under 12 digits
    [InlineData("4242424242424242", 0, 2031, "123", "invalid_expiry_month")]
    [InlineData("4242424242424242", 13, 2031, "123", "invalid_expiry_month")]
    [InlineData("4242424242424242", 10, 2026, "123", "expired_card")]
    [InlineData("4242424242424242", 12, 2025, "123", "expired_card")]
    [InlineData("4242424242424242", 12, 2047, "123", "invalid_expiry_year")]
    [InlineData("4242424242424242", 12, 2031, "12", "invalid_cvc")]
    [InlineData("4242424242424242", 12, 2031, "12a", "invalid_cvc")]
    [InlineData("4242424242424242", 12, 2031, null, "invalid_cvc")]
    [InlineData("378282246310005", 12, 2031, "123", "invalid_cvc")]
    public void What_is_not_a_usable_card_is_refused_with_the_gateways_code(string? number, int month, int year, string? cvc, string code)
    {
        var (card, refusal) = CardNumbers.Check(number, month, year, cvc, Now);
        Assert.Null(card);
        Assert.Equal(code, refusal!.Code);
    }

    [Theory]
    [InlineData("400000000002", "Only Visa")]               // 12 digits pass the length check, no brand has 12
    [InlineData("4000000000000000006", null)]               // 19 digits: a card
    [InlineData("65000000000000000002", "not a valid card")] // 20 digits: too long
    public void Numbers_of_12_to_19_digits_are_checked_for_a_brand(string number, string? refusal)
    {
        var (_, refused) = CardNumbers.Check(number, 12, 2031, "123", Now);
        if (refusal is null)
        {
            Assert.Null(refused);
        }
        else
        {
            Assert.Contains(refusal, refused!.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(26, null)]              // two digits: 2026, this year
    [InlineData(99, "invalid_expiry_year")] // 2099
    [InlineData(100, "expired_card")]   // the year 100, not 2100
    public void A_two_digit_year_is_this_century(int year, string? code) =>
        Assert.Equal(code, CardNumbers.Check("4242424242424242", 12, year, "123", Now).Refusal?.Code);

    [Theory]
    [InlineData(11, 2026)] // this month: still good
    [InlineData(12, 2046)] // twenty years ahead
    public void The_expiry_may_be_this_month_and_up_to_twenty_years_ahead(int month, int year) =>
        Assert.NotNull(CardNumbers.Check("4242424242424242", month, year, "123", Now).Card);

    [Fact]
    public void An_amex_takes_a_four_digit_code() =>
        Assert.Equal("amex", CardNumbers.Check("378282246310005", 12, 2031, "1234", Now).Card!.Brand);
}
