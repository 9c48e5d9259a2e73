namespace Checkout.Customer;

/// <summary>A customer's profile (key <c>customer:{id}</c>).</summary>
public sealed record CustomerProfile(
    string CustomerId,
    string Name,
    string Email,
    string Phone,
    IReadOnlyList<SavedAddressRecord> Addresses,
    PreferencesRecord Preferences)
{
    public static string Key(string customerId) => $"customer:{customerId}";
}

public sealed record SavedAddressRecord(string AddressId, string Type, string Street, string City, string State, string ZipCode, string Country, bool IsDefault);

public sealed record PreferencesRecord(string PreferredShippingMethod, bool EmailNotifications, bool SmsNotifications);

/// <summary>Orders and lifetime value, kept up to date from order.created (key <c>history:{id}</c>).</summary>
public sealed record OrderHistory(IReadOnlyList<string> OrderIds, long LifetimeValueCents)
{
    public static string Key(string customerId) => $"history:{customerId}";

    public static readonly OrderHistory Empty = new([], 0);

    public OrderHistory With(string orderId, long totalCents) =>
        OrderIds.Contains(orderId) ? this : new OrderHistory([.. OrderIds, orderId], LifetimeValueCents + totalCents);
}
