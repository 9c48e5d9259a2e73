namespace Checkout.Contracts.Demo;

/// <summary>A saved card as its owner sees it: never a card number, only brand and last four digits.</summary>
public sealed record DemoCard(string PaymentMethodId, string Type, string Brand, string Last4);

/// <summary>
/// The data every service seeds or recognises for trying the mesh, in one place: the demo
/// customer (profile in Customer, gold account in Loyalty, saved cards in Customer and in
/// Payment's vault) and the test cards any customer may pay with.
/// </summary>
public static class DemoData
{
    public const string CustomerId = "CUST-12345";

    /// <summary>The demo customer's own saved cards; the first is the default.</summary>
    public static readonly IReadOnlyList<DemoCard> CustomerCards =
    [
        new("PM-001", "credit_card", "visa", "4242"),
        new("PM-002", "credit_card", "mastercard", "4444"),
    ];

    /// <summary>Cards every customer may use; their last four digits tell the simulated gateway how to answer.</summary>
    public static readonly IReadOnlyList<DemoCard> TestCards =
    [
        new("PM-TEST-VISA", "credit_card", "visa", "4242"),
        new("PM-TEST-DECLINED", "credit_card", "visa", "0002"),
        new("PM-TEST-NO-FUNDS", "credit_card", "visa", "9995"),
        new("PM-TEST-TIMEOUT", "credit_card", "visa", "0119"),
    ];
}
