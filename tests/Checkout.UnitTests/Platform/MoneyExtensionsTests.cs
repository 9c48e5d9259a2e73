using System.Globalization;
using Checkout.Platform.Money;

namespace Checkout.UnitTests.Platform;

public sealed class MoneyExtensionsTests
{
    [Theory]
    [InlineData(24999, "249.99")]
    [InlineData(49998, "499.98")]
    [InlineData(1, "0.01")]
    [InlineData(10, "0.1")]
    [InlineData(0, "0")]
    [InlineData(123456789012, "1234567890.12")]
    public void Json_numbers_print_exactly_the_cents_held(long cents, string expected) =>
        Assert.Equal(expected, MoneyExtensions.ToJsonNumber(cents).ToString("R", CultureInfo.InvariantCulture));

    [Fact]
    public void Every_cent_value_up_to_a_million_dollars_round_trips_through_the_json_number()
    {
        for (long cents = 0; cents <= 100_000_000; cents += 7_919)
        {
            var number = MoneyExtensions.ToJsonNumber(cents);
            Assert.Equal(cents, (long)decimal.Round((decimal)number * 100));
            Assert.Equal(((decimal)cents / 100).ToString(CultureInfo.InvariantCulture), number.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void An_amount_a_message_lacks_is_zero_and_one_it_has_is_its_cents()
    {
        Assert.Equal(0, ((Checkout.Contracts.Common.V1.Money?)null).ToJsonNumber());
        Assert.Equal(249.99, MoneyExtensions.Cents(24999).ToJsonNumber());
    }

    [Theory]
    [InlineData("warehouseId", "WAREHOUSE_ID")]
    [InlineData("quantity", "QUANTITY")]
    [InlineData("page_size", "PAGE_SIZE")]
    public void Field_names_become_reasons(string field, string reason) =>
        Assert.Equal(reason, Checkout.Platform.Errors.DomainErrors.ToReason(field));

    [Theory]
    [InlineData(24999, "249.99")]
    [InlineData(1, "0.01")]
    [InlineData(0, "0")]
    [InlineData(-750, "-7.5")]
    public void Events_carry_the_exact_decimal_amount_and_it_comes_back_to_the_same_cents(long cents, string amount)
    {
        Assert.Equal(decimal.Parse(amount, CultureInfo.InvariantCulture), MoneyExtensions.ToMajorUnits(cents));
        Assert.Equal(cents, MoneyExtensions.FromMajorUnits(MoneyExtensions.ToMajorUnits(cents)));
    }

    [Theory]
    [InlineData("0.005", 1)]
    [InlineData("0.004", 0)]
    [InlineData("-0.005", -1)]
    public void An_amount_finer_than_a_cent_rounds_half_away_from_zero(string amount, long cents) =>
        Assert.Equal(cents, MoneyExtensions.FromMajorUnits(decimal.Parse(amount, CultureInfo.InvariantCulture)));
}
