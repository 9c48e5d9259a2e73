using Checkout.Platform.State;

namespace Checkout.Customer;

/// <summary>
/// Profiles from the state store. The demo customer CUST-12345 is seeded; any other id
/// gets a new-customer profile on first use (test mode: it can pay with the shared test
/// cards and has no saved addresses yet).
/// </summary>
public sealed class CustomerDirectory(IStateStore store)
{
    public const string DemoCustomerId = "CUST-12345";

    /// <summary>Test cards every customer may use; the simulated gateway knows how each behaves.</summary>
    public static readonly IReadOnlyList<SavedPaymentMethodRecord> TestCards =
    [
        new("PM-TEST-VISA", "credit_card", "4242", "visa", false),
        new("PM-TEST-DECLINED", "credit_card", "0002", "visa", false),
        new("PM-TEST-NO-FUNDS", "credit_card", "9995", "visa", false),
        new("PM-TEST-TIMEOUT", "credit_card", "0119", "visa", false),
    ];

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
        DemoCustomerId,
        "Alex Morgan",
        "customer@example.com",
        "+14155550123",
        [
            new("ADDR-001", "shipping", "123 Main St", "San Francisco", "CA", "94105", "US", true),
            new("ADDR-002", "billing", "123 Main St", "San Francisco", "CA", "94105", "US", true),
        ],
        [
            new("PM-001", "credit_card", "4242", "visa", true),
            new("PM-002", "credit_card", "4444", "mastercard", false),
            .. TestCards,
        ],
        new PreferencesRecord("standard", EmailNotifications: true, SmsNotifications: true));

    public Task SeedAsync(CancellationToken cancellationToken) =>
        store.TrySaveJsonAsync(CustomerProfile.Key(DemoCustomerId), Demo(), ETags.MustNotExist, cancellationToken: cancellationToken);
}
