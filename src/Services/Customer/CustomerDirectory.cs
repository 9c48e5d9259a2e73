using Checkout.Contracts.Demo;
using Checkout.Platform.State;

namespace Checkout.Customer;

/// <summary>
/// Profiles from the state store. The demo customer CUST-12345 is seeded; any other id
/// gets a new-customer profile on first use (test mode: it can pay with the shared test
/// cards and has no saved addresses yet).
/// </summary>
public sealed class CustomerDirectory(IStateStore store)
{
    /// <summary>Test cards every customer may use (<see cref="DemoData.TestCards"/>); the simulated gateway knows how each behaves.</summary>
    public static readonly IReadOnlyList<SavedPaymentMethodRecord> TestCards = [.. DemoData.TestCards.Select(c => Saved(c, isDefault: false))];

    public async Task<CustomerProfile> GetAsync(string customerId, CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<CustomerProfile>(CustomerProfile.Key(customerId), cancellationToken))?.Value
        ?? NewCustomer(customerId);

    public static CustomerProfile NewCustomer(string customerId) => new(
        customerId,
        customerId,
        $"{customerId.ToLowerInvariant()}@example.com",
        string.Empty,
        [],
        TestCards,
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
        [
            .. DemoData.CustomerCards.Select((c, i) => Saved(c, isDefault: i == 0)),
            .. TestCards,
        ],
        new PreferencesRecord("standard", EmailNotifications: true, SmsNotifications: true));

    private static SavedPaymentMethodRecord Saved(DemoCard card, bool isDefault) => new(card.PaymentMethodId, card.Type, card.Last4, card.Brand, isDefault);

    public Task SeedAsync(CancellationToken cancellationToken) =>
        store.TrySaveJsonAsync(CustomerProfile.Key(DemoData.CustomerId), Demo(), ETags.MustNotExist, cancellationToken: cancellationToken);
}
