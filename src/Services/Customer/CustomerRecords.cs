using Checkout.Platform.State;

namespace Checkout.Customer;

/// <summary>A customer's profile (key <c>customer:{id}</c>).</summary>
public sealed record CustomerProfile(
    string CustomerId,
    string Name,
    string Email,
    string Phone,
    IReadOnlyList<SavedAddressRecord> Addresses,
    PreferencesRecord Preferences) : IImmutableState
{
    public static string Key(string customerId) => $"customer:{customerId}";
}

public sealed record SavedAddressRecord(string AddressId, string Type, string Street, string City, string State, string ZipCode, string Country, bool IsDefault) : IImmutableState;

public sealed record PreferencesRecord(string PreferredShippingMethod, bool EmailNotifications, bool SmsNotifications) : IImmutableState;

/// <summary>
/// How many orders, their lifetime value and the newest <see cref="Recent"/> order ids, kept
/// up to date from order.created (key <c>history:{id}</c>). The ids are bounded so that an
/// order writes the same few hundred bytes for a customer's first order as for their
/// thousandth; Order lists every order.
/// </summary>
public sealed record OrderHistory(IReadOnlyList<string> OrderIds, long LifetimeValueCents, int OrderCount = 0) : IImmutableState
{
    public const int Recent = 20;

    public static string Key(string customerId) => $"history:{customerId}";

    public static readonly OrderHistory Empty = new([], 0);

    /// <summary>Records written before the count was kept held every id.</summary>
    public int Count => Math.Max(OrderCount, OrderIds.Count);

    public OrderHistory With(string orderId, long totalCents) =>
        OrderIds.Contains(orderId) ? this : new OrderHistory([.. OrderIds.TakeLast(Recent - 1), orderId], LifetimeValueCents + totalCents, Count + 1);
}
