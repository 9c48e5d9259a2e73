using Checkout.Contracts.Demo;

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

    /// <summary>The demo customer's cards and the shared test cards (<see cref="DemoData"/>), each with the gateway token only the vault holds.</summary>
    public static readonly IReadOnlyDictionary<string, VaultedCard> Cards =
        DemoData.CustomerCards.Select(c => Vaulted(c, DemoData.CustomerId))
            .Concat(DemoData.TestCards.Select(c => Vaulted(c, AnyCustomer)))
            .ToDictionary(c => c.PaymentMethodId, StringComparer.Ordinal);

    private static VaultedCard Vaulted(DemoCard card, string owner) =>
        new(card.PaymentMethodId, owner, card.Type, card.Brand, card.Last4, $"tok_{card.PaymentMethodId.ToLowerInvariant()}");

    public static VaultedCard? Find(string customerId, string paymentMethodId) =>
        Cards.TryGetValue(paymentMethodId, out var card) && (card.Owner == AnyCustomer || card.Owner == customerId) ? card : null;
}
