using Checkout.Contracts.Demo;
using Checkout.Platform.State;

namespace Checkout.Customer;

/// <summary>
/// Profiles from the state store. The demo customer CUST-12345 is seeded; any other id
/// gets a new-customer profile on first use (no saved addresses yet). Cards are Payment's.
/// </summary>
public sealed class CustomerDirectory(IStateStore store)
{
    public async Task<CustomerProfile> GetAsync(string customerId, CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<CustomerProfile>(CustomerProfile.Key(customerId), cancellationToken))?.Value
        ?? NewCustomer(customerId);

    public static CustomerProfile NewCustomer(string customerId) => new(
        customerId,
        customerId,
        $"{customerId.ToLowerInvariant()}@example.com",
        string.Empty,
        [],
        new PreferencesRecord("standard", EmailNotifications: true, SmsNotifications: false));

    public static CustomerProfile Demo() => new(
        DemoData.CustomerId,
        "Alex Morgan",
        "customer@example.com",
        "+14155550123",
        [
            new("ADDR-001", "shipping", "123 Main St", "San Francisco", "CA", "94105", "US", true),
            new("ADDR-002", "billing", "123 Main St", "San Francisco", "CA", "94105", "US", true),
        ],
        new PreferencesRecord("standard", EmailNotifications: true, SmsNotifications: true));

    public Task SeedAsync(CancellationToken cancellationToken) =>
        store.TrySaveJsonAsync(CustomerProfile.Key(DemoData.CustomerId), Demo(), ETags.MustNotExist, cancellationToken: cancellationToken);
}
