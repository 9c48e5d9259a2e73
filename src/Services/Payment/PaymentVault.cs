namespace Checkout.Payment;

/// <summary>
/// Saved payment methods as the gateway's tokens. Only the token, brand and last four
/// digits are kept: a card number never reaches the mesh. Test cards (owner "*") may be
/// used by any customer; their last four digits tell the simulated gateway how to behave.
/// </summary>
public static class PaymentVault
{
    public const string AnyCustomer = "*";

    public sealed record VaultedCard(string PaymentMethodId, string Owner, string Type, string Brand, string Last4, string GatewayToken);

    public static readonly IReadOnlyDictionary<string, VaultedCard> Cards = new VaultedCard[]
    {
        new("PM-001", "CUST-12345", "credit_card", "visa", "4242", "tok_visa_cust12345"),
        new("PM-002", "CUST-12345", "credit_card", "mastercard", "4444", "tok_mc_cust12345"),
        new("PM-TEST-VISA", AnyCustomer, "credit_card", "visa", "4242", "tok_visa"),
        new("PM-TEST-DECLINED", AnyCustomer, "credit_card", "visa", "0002", "tok_chargeDeclined"),
        new("PM-TEST-NO-FUNDS", AnyCustomer, "credit_card", "visa", "9995", "tok_insufficientFunds"),
        new("PM-TEST-TIMEOUT", AnyCustomer, "credit_card", "visa", "0119", "tok_timeout"),
    }.ToDictionary(c => c.PaymentMethodId, StringComparer.Ordinal);

    public static VaultedCard? Find(string customerId, string paymentMethodId) =>
        Cards.TryGetValue(paymentMethodId, out var card) && (card.Owner == AnyCustomer || card.Owner == customerId) ? card : null;
}
