using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Common.V1;
using Checkout.Platform.Addresses;

namespace Checkout.Bff.Flows;

/// <summary>An address of the REST contract as the services take it, verified before any service is called.</summary>
public static class RestAddresses
{
    /// <summary>Verified and normalised (<see cref="AddressVerification"/>); a missing or bad one is a 400 naming <paramref name="field"/>.</summary>
    public static Address Verified(PostalAddress? address, string field, bool shipping) =>
        AddressVerification.Verify(ToAddress(address), field, shipping);

    private static Address? ToAddress(PostalAddress? address) => address is null ? null : new Address
    {
        Street = address.Street,
        City = address.City,
        State = address.State,
        ZipCode = address.ZipCode,
        // The REST contract's addresses are the seed's: US unless they say otherwise.
        Country = string.IsNullOrWhiteSpace(address.Country) ? "US" : address.Country,
    };
}
