using Checkout.Contracts.Demo;
using Checkout.Payment.Gateway;
using Checkout.Platform.Errors;
using Checkout.Platform.State;

namespace Checkout.Payment;

/// <summary>
/// Saved payment methods as the gateway's tokens. Only the token, brand, last four digits,
/// expiry and the gateway's fingerprint of the number are kept: a card number never reaches
/// the mesh. Test cards (owner "*") may be used by any customer; their last four digits tell
/// the simulated gateway how to behave. A customer's own cards are the seeded ones
/// (<see cref="DemoData"/>) and those they added (key <c>cards:{customerId}</c>).
/// </summary>
public sealed class PaymentVault(IStateStore store)
{
    public const string AnyCustomer = "*";

    /// <summary>How many cards a customer may save.</summary>
    public const int MaxCardsPerCustomer = 10;

    public static readonly IReadOnlyList<VaultedCard> TestCards = [.. DemoData.TestCards.Select(c => Vaulted(c, AnyCustomer))];

    private static readonly IReadOnlyList<VaultedCard> Seeded = [.. DemoData.CustomerCards.Select(c => Vaulted(c, DemoData.CustomerId))];

    /// <summary>The customer's cards, then the test cards.</summary>
    public async Task<IReadOnlyList<VaultedCard>> ListAsync(string customerId, CancellationToken cancellationToken)
    {
        var saved = (await store.GetJsonAsync<SavedCards>(SavedCards.Key(customerId), cancellationToken))?.Value ?? SavedCards.None;
        return [.. Own(customerId, saved), .. TestCards];
    }

    /// <summary>The card if the customer may pay with it: one of theirs, or a test card.</summary>
    public async Task<VaultedCard?> FindAsync(string customerId, string paymentMethodId, CancellationToken cancellationToken) =>
        TestCards.FirstOrDefault(c => c.PaymentMethodId == paymentMethodId)
        ?? (await ListAsync(customerId, cancellationToken)).FirstOrDefault(c => c.PaymentMethodId == paymentMethodId);

    /// <summary>
    /// Saves the card a gateway token stands for, and uses the token up, in one transaction:
    /// a token saves one card, however many requests race with it. The same card saved again
    /// (same number and expiry) is the card already saved.
    /// </summary>
    public Task<VaultedCard> AddFromTokenAsync(string customerId, string token, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.UpdateAsync<VaultedCard>(async ct =>
        {
            var issued = await store.GetJsonAsync<CardDetails>(GatewayTokens.Key(token), ct)
                ?? throw new DomainException(Google.Rpc.Code.InvalidArgument, "INVALID_TOKEN", "The card token is unknown, expired or already used; enter the card again.", "token");
            var card = issued.Value;
            var stored = await store.GetJsonAsync<SavedCards>(SavedCards.Key(customerId), ct);
            var saved = stored?.Value ?? SavedCards.None;
            var own = Own(customerId, saved).ToList();
            var useToken = StateOperation.Delete(GatewayTokens.Key(token), issued.ETag);
            if (own.FirstOrDefault(c => c.Fingerprint == card.Fingerprint && (c.ExpMonth, c.ExpYear) == (card.ExpMonth, card.ExpYear)) is { } same)
            {
                return ([useToken], same);
            }

            if (own.Count >= MaxCardsPerCustomer)
            {
                throw DomainErrors.FailedPrecondition("TOO_MANY_PAYMENT_METHODS", $"You can save at most {MaxCardsPerCustomer} cards; remove one first.");
            }

            var added = new VaultedCard($"pm_{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}", customerId, "credit_card", card.Brand, card.Last4, card.ExpMonth, card.ExpYear, token, card.Fingerprint, IsDefault: own.Count == 0);
            if (added.ExpiredAt(now))
            {
                throw new DomainException(Google.Rpc.Code.InvalidArgument, "CARD_EXPIRED", $"The card expired at the end of {card.ExpMonth:D2}/{card.ExpYear}.", "token");
            }

            var next = saved with { Added = [.. saved.Added, added] };
            return ([StateOperation.Upsert(SavedCards.Key(customerId), JsonStateExtensions.Serialize(next), stored?.ETag ?? ETags.MustNotExist), useToken], added);
        }, $"Cards of {customerId}", cancellationToken);

    /// <summary>Removes one of the customer's cards. Removing it again changes nothing.</summary>
    public Task RemoveAsync(string customerId, string paymentMethodId, CancellationToken cancellationToken) =>
        store.UpdateAsync<bool>(async ct =>
        {
            if (TestCards.Any(c => c.PaymentMethodId == paymentMethodId))
            {
                throw DomainErrors.FailedPrecondition("TEST_CARD", $"{paymentMethodId} is a test card every customer may use; it cannot be removed.");
            }

            var stored = await store.GetJsonAsync<SavedCards>(SavedCards.Key(customerId), ct);
            var saved = stored?.Value ?? SavedCards.None;
            if (!Own(customerId, saved).Any(c => c.PaymentMethodId == paymentMethodId))
            {
                return ([], false);
            }

            var next = new SavedCards(
                [.. saved.Added.Where(c => c.PaymentMethodId != paymentMethodId)],
                [.. saved.Removed, .. Seeded.Any(c => c.PaymentMethodId == paymentMethodId) ? [paymentMethodId] : Array.Empty<string>()]);
            return ([StateOperation.Upsert(SavedCards.Key(customerId), JsonStateExtensions.Serialize(next), stored?.ETag ?? ETags.MustNotExist)], true);
        }, $"Cards of {customerId}", cancellationToken);

    /// <summary>The customer's seeded cards not removed, then those they added, in the order they got them; the first is their default.</summary>
    private static IEnumerable<VaultedCard> Own(string customerId, SavedCards saved) =>
        Seeded.Where(c => c.Owner == customerId && !saved.Removed.Contains(c.PaymentMethodId))
            .Concat(saved.Added)
            .Select((c, i) => c with { IsDefault = i == 0 });

    private static VaultedCard Vaulted(DemoCard card, string owner) =>
        new(card.PaymentMethodId, owner, card.Type, card.Brand, card.Last4, card.ExpMonth, card.ExpYear, $"tok_{card.PaymentMethodId.ToLowerInvariant()}", Fingerprint: owner == AnyCustomer ? null : $"fp_{card.PaymentMethodId.ToLowerInvariant()}", IsDefault: false);
}

/// <summary>
/// A card in the vault. <paramref name="Fingerprint"/> is the gateway's identity of the card
/// number (the same number tokenized twice has the same one); shared test cards have none.
/// <paramref name="IsDefault"/> is derived on reading (the first of the customer's cards), never stored.
/// </summary>
public sealed record VaultedCard(string PaymentMethodId, string Owner, string Type, string Brand, string Last4, int ExpMonth, int ExpYear, string GatewayToken, string? Fingerprint, [property: System.Text.Json.Serialization.JsonIgnore] bool IsDefault)
{
    public bool ExpiredAt(DateTimeOffset now) => CardExpiry.Passed(ExpMonth, ExpYear, now);
}

/// <summary>What a customer changed of their cards (key <c>cards:{customerId}</c>): the cards they added, and the seeded ones they removed.</summary>
public sealed record SavedCards(IReadOnlyList<VaultedCard> Added, IReadOnlyList<string> Removed)
{
    public static readonly SavedCards None = new([], []);

    public static string Key(string customerId) => $"cards:{customerId}";
}
