using Checkout.Contracts.Common.V1;
using Checkout.Platform.Addresses;
using Checkout.Platform.Errors;

namespace Checkout.UnitTests.Addresses;

public sealed class AddressVerificationTests
{
    private static Address Us(string zip = "94105", string state = "CA", string street = "123 Main St", string city = "San Francisco", string country = "US") =>
        new() { Street = street, City = city, State = state, ZipCode = zip, Country = country };

    private static DomainException Refused(Address address, bool shipping = true) =>
        Assert.Throws<DomainException>(() => AddressVerification.Verify(address, "shippingAddress", shipping));

    [Theory]
    [InlineData("US", "ca", "941051234", "94105-1234", "CA")]
    [InlineData("US", "CA", " 94105-1234 ", "94105-1234", "CA")]
    [InlineData("us", "ny", "10001", "10001", "NY")]
    [InlineData("CA", "on", "k1a0b1", "K1A 0B1", "ON")]
    [InlineData("GB", "", "sw1a1aa", "SW1A 1AA", "")]
    [InlineData("GB", "London", "EC1A 1BB", "EC1A 1BB", "LONDON")]
    [InlineData("NL", "", "1012ab", "1012 AB", "")]
    [InlineData("DE", "Berlin", "10115", "10115", "BERLIN")]
    [InlineData("FR", "", "75008", "75008", "")]
    public void A_shippable_address_is_normalised(string country, string state, string zip, string expectedZip, string expectedState)
    {
        var verified = AddressVerification.Verify(Us(zip, state, street: "  1   Infinite   Loop ", city: " Somewhere ", country: country), "shippingAddress", shipping: true);

        Assert.Equal(("1 Infinite Loop", "Somewhere", expectedState, expectedZip, country.ToUpperInvariant()), (verified.Street, verified.City, verified.State, verified.ZipCode, verified.Country));
    }

    [Theory]
    [InlineData("XX", "INVALID_SHIPPING_ADDRESS.COUNTRY")]
    [InlineData("", "INVALID_SHIPPING_ADDRESS.COUNTRY")]
    [InlineData("USA", "INVALID_SHIPPING_ADDRESS.COUNTRY")]
    public void A_country_that_is_not_an_iso_code_is_refused(string country, string reason)
    {
        var refused = Refused(Us(country: country));

        Assert.Equal((reason, "shippingAddress.country"), (refused.Reason, refused.Field));
    }

    [Fact]
    public void A_country_no_warehouse_ships_to_is_refused_for_shipping_and_accepted_for_billing()
    {
        var brazil = new Address { Street = "Av. Paulista 1000", City = "São Paulo", State = "SP", ZipCode = "01310-100", Country = "BR" };

        var refused = Refused(brazil);
        var billing = AddressVerification.Verify(brazil, "billingAddress", shipping: false);

        Assert.Equal((Google.Rpc.Code.FailedPrecondition, "COUNTRY_NOT_SHIPPED", "shippingAddress.country"), (refused.Code, refused.Reason, refused.Field));
        Assert.Equal(("BR", "01310-100", "São Paulo"), (billing.Country, billing.ZipCode, billing.City));
    }

    [Fact]
    public void A_billing_address_in_a_country_without_postal_codes_needs_none()
    {
        var hongKong = new Address { Street = "1 Queen's Road Central", City = "Central", ZipCode = string.Empty, Country = "HK" };

        Assert.Equal(string.Empty, AddressVerification.Verify(hongKong, "billingAddress", shipping: false).ZipCode);
    }

    [Theory]
    [InlineData("US", "", "94105", "INVALID_SHIPPING_ADDRESS.STATE")]
    [InlineData("US", "ZZ", "94105", "INVALID_SHIPPING_ADDRESS.STATE")]
    [InlineData("CA", "CA", "K1A 0B1", "INVALID_SHIPPING_ADDRESS.STATE")]
    [InlineData("US", "CA", "9410", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("US", "CA", "94105-12", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("US", "CA", "", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("CA", "ON", "D1A 0B1", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("GB", "", "12345", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("NL", "", "0123 AB", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("DE", "", "1011", "INVALID_SHIPPING_ADDRESS.ZIP_CODE")]
    public void A_state_or_postal_code_outside_the_countrys_rules_is_refused(string country, string state, string zip, string reason)
    {
        var refused = Refused(Us(zip, state, country: country));

        Assert.Equal(reason, refused.Reason);
        Assert.StartsWith("shippingAddress.", refused.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "San Francisco", "INVALID_SHIPPING_ADDRESS.STREET")]
    [InlineData("123 Main St\u0000", "San Francisco", "INVALID_SHIPPING_ADDRESS.STREET")]
    [InlineData("   ", "San Francisco", "INVALID_SHIPPING_ADDRESS.STREET")]
    [InlineData("123 Main St", "San Francisco; DROP", "INVALID_SHIPPING_ADDRESS.CITY")]
    [InlineData("123 Main St", "", "INVALID_SHIPPING_ADDRESS.CITY")]
    public void Text_an_address_does_not_have_is_refused(string street, string city, string reason)
    {
        Assert.Equal(reason, Refused(Us(street: street, city: city)).Reason);
    }

    [Fact]
    public void Street_and_city_have_lengths_they_may_not_pass()
    {
        Assert.Equal("123 " + new string('a', AddressVerification.MaxStreetLength - 4), AddressVerification.Verify(Us(street: "123 " + new string('a', AddressVerification.MaxStreetLength - 4)), "shippingAddress", shipping: true).Street);
        Assert.Equal("INVALID_SHIPPING_ADDRESS.STREET", Refused(Us(street: new string('a', AddressVerification.MaxStreetLength + 1))).Reason);
        Assert.Equal("INVALID_SHIPPING_ADDRESS.CITY", Refused(Us(city: new string('a', AddressVerification.MaxCityLength + 1))).Reason);
    }

    [Fact]
    public void No_address_is_refused_naming_the_address()
    {
        var refused = Assert.Throws<DomainException>(() => AddressVerification.Verify(null, "billingAddress", shipping: false));

        Assert.Equal(("INVALID_BILLING_ADDRESS", "billingAddress"), (refused.Reason, refused.Field));
    }

    [Fact]
    public void The_demo_customers_saved_addresses_verify_as_they_are()
    {
        foreach (var saved in Checkout.Customer.CustomerDirectory.Demo().Addresses)
        {
            var address = new Address { Street = saved.Street, City = saved.City, State = saved.State, ZipCode = saved.ZipCode, Country = saved.Country };

            Assert.Equal(address, AddressVerification.Verify(address, "address", shipping: saved.Type == "shipping"));
        }
    }

    [Fact]
    public void The_code_lists_are_whole()
    {
        // tzdata's iso3166.tab lists 249 codes; the US has 50 states, DC, 5 territories and 3 military codes; Canada 13.
        Assert.Equal(249, AddressCountries.Iso.Count);
        Assert.Contains("AD", AddressCountries.Iso);
        Assert.Contains("ZW", AddressCountries.Iso);
        Assert.Equal(59, AddressCountries.UsStates.Count);
        Assert.Equal(13, AddressCountries.CanadianProvinces.Count);
        Assert.Equal(["CA", "DE", "FR", "GB", "NL", "US"], AddressCountries.ShippedTo.Order());
    }

    [Fact]
    public void Each_refusal_says_what_is_wrong_and_what_is_right()
    {
        Assert.Equal("shippingAddress.country is required (an ISO 3166-1 alpha-2 code such as US).", Refused(Us(country: "")).Message);
        Assert.Equal("shippingAddress.country XX is not an ISO 3166-1 alpha-2 code.", Refused(Us(country: "xx")).Message);
        Assert.Equal("shippingAddress.street is required.", Refused(Us(street: " ")).Message);
        Assert.Equal("shippingAddress.state is required in US.", Refused(Us(state: "")).Message);
        Assert.Equal("shippingAddress.state ZZ is not a US state code.", Refused(Us(state: "zz")).Message);
        Assert.Equal("shippingAddress.state ZZ is not a Canadian province code.", Refused(Us(zip: "K1A 0B1", state: "zz", country: "CA")).Message);
        Assert.Equal("shippingAddress.zipCode 9410 is not a postal code of US (94105 or 94105-1234).", Refused(Us(zip: "9410")).Message);
        Assert.Equal("shippingAddress.zipCode is required in GB.", Refused(Us(zip: "", state: "", country: "GB")).Message);
        Assert.StartsWith("We do not ship to BR", Refused(Us(zip: "01310-100", state: "SP", country: "BR")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Greater London")]
    [InlineData("")]
    public void A_state_elsewhere_is_free_text_of_letters(string state)
    {
        Assert.Equal(state.ToUpperInvariant(), AddressVerification.Verify(Us(zip: "SW1A 1AA", state: state, country: "GB"), "shippingAddress", shipping: true).State);
    }

    [Theory]
    [InlineData("<b>London</b>")]
    [InlineData("A state name far longer than the fifty characters any has")]
    public void A_state_elsewhere_with_other_characters_or_too_long_is_refused(string state)
    {
        Assert.Equal("INVALID_SHIPPING_ADDRESS.STATE", Refused(Us(zip: "SW1A 1AA", state: state, country: "GB")).Reason);
    }
}
