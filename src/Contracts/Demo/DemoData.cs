namespace Checkout.Contracts.Demo;

/// <summary>A saved card as its owner sees it: never a card number, only brand, last four digits and expiry.</summary>
public sealed record DemoCard(string PaymentMethodId, string Type, string Brand, string Last4, int ExpMonth, int ExpYear);

/// <summary>
/// The data every service seeds or recognises for trying the mesh, in one place: the demo
/// customer (profile in Customer, gold account in Loyalty, saved cards in Payment's vault)
/// and the test cards any customer may pay with.
/// </summary>
public static class DemoData
{
    public const string CustomerId = "CUST-12345";

    /// <summary>The demo customer's own saved cards; the first is the default.</summary>
    public static readonly IReadOnlyList<DemoCard> CustomerCards =
    [
        new("PM-001", "credit_card", "visa", "4242", 12, 2030),
        new("PM-002", "credit_card", "mastercard", "4444", 8, 2029),
    ];

    /// <summary>
    /// Cards every customer may use; their last four digits tell the simulated gateway how to
    /// answer, as Stripe's test numbers of the same endings do (README, "Test cards").
    /// </summary>
    public static readonly IReadOnlyList<DemoCard> TestCards =
    [
        new("PM-TEST-VISA", "credit_card", "visa", "4242", 12, 2034),
        new("PM-TEST-DECLINED", "credit_card", "visa", "0002", 12, 2034),
        new("PM-TEST-NO-FUNDS", "credit_card", "visa", "9995", 12, 2034),
        new("PM-TEST-TIMEOUT", "credit_card", "visa", "0119", 12, 2034),
        new("PM-TEST-RISK-ELEVATED", "credit_card", "visa", "9235", 12, 2034),
        new("PM-TEST-RISK-HIGHEST", "credit_card", "visa", "0019", 12, 2034),
        new("PM-TEST-EXPIRED", "credit_card", "visa", "0069", 1, 2024),
    ];
}
