using Checkout.Contracts.Demo;
using Checkout.Payment;
using Checkout.Payment.Gateway;
using Checkout.Platform.Errors;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Payment;

public sealed class PaymentVaultTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly InMemoryStateStore _store = new();

    private PaymentVault Vault => new(_store);

    private Task<string> TokenAsync(string number = "4242424242424242", int expYear = 2031) =>
        new GatewayTokens(_store).IssueAsync(CardNumbers.Check(number, 12, expYear, "123", Now).Card!, CancellationToken.None);

    [Fact]
    public async Task The_demo_customer_has_the_seeded_cards_then_the_test_cards_and_others_only_the_test_cards()
    {
        var demo = await Vault.ListAsync(DemoData.CustomerId, CancellationToken.None);
        Assert.Equal(["PM-001", "PM-002", .. DemoData.TestCards.Select(c => c.PaymentMethodId)], demo.Select(c => c.PaymentMethodId));
        Assert.True(demo[0].IsDefault);
        Assert.Equal(DemoData.TestCards.Count, (await Vault.ListAsync("CUST-OTHER", CancellationToken.None)).Count);
        Assert.Null(await Vault.FindAsync("CUST-OTHER", "PM-001", CancellationToken.None));
        Assert.NotNull(await Vault.FindAsync("CUST-OTHER", "PM-TEST-VISA", CancellationToken.None));
    }

    [Fact]
    public async Task A_token_saves_one_card_once_and_the_first_saved_card_is_the_default()
    {
        var token = await TokenAsync();
        var card = await Vault.AddFromTokenAsync("C1", token, Now, CancellationToken.None);
        Assert.Equal(("4242", "C1", true, token), (card.Last4, card.Owner, card.IsDefault, card.GatewayToken));
        var again = await Assert.ThrowsAsync<DomainException>(() => Vault.AddFromTokenAsync("C1", token, Now, CancellationToken.None));
        Assert.Equal(("INVALID_TOKEN", "token"), (again.Reason, again.Field));
        var second = await Vault.AddFromTokenAsync("C1", await TokenAsync("5555555555554444"), Now, CancellationToken.None);
        Assert.False(second.IsDefault);
        Assert.Equal([card.PaymentMethodId, second.PaymentMethodId], (await Vault.ListAsync("C1", CancellationToken.None)).Take(2).Select(c => c.PaymentMethodId));
    }

    [Fact]
    public async Task Racing_requests_with_one_token_save_one_card()
    {
        var token = await TokenAsync();
        // Every request reads the token before any of them writes: the race, forced.
        var racing = new TokenReadBarrier(_store, GatewayTokens.Key(token), readers: 8);
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                return await new PaymentVault(racing).AddFromTokenAsync($"C{i}", token, Now, CancellationToken.None);
            }
            catch (DomainException ex) when (ex.Reason == "INVALID_TOKEN")
            {
                return null;
            }
        }).ToList();

        Assert.Single(await Task.WhenAll(attempts), card => card is not null);
        Assert.Equal(8, racing.HeldAtBarrier);
    }

    [Fact]
    public async Task The_same_card_saved_again_is_the_card_already_saved()
    {
        var first = await Vault.AddFromTokenAsync("C1", await TokenAsync(), Now, CancellationToken.None);
        var again = await Vault.AddFromTokenAsync("C1", await TokenAsync(), Now, CancellationToken.None);
        Assert.Equal(first.PaymentMethodId, again.PaymentMethodId);
        Assert.Equal(DemoData.TestCards.Count + 1, (await Vault.ListAsync("C1", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_customer_saves_ten_cards_at_most()
    {
        string[] numbers = ["4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210", "5105105105105100", "378282246310005", "371449635398431", "6011111111111117", "6011000990139424"];
        foreach (var number in numbers)
        {
            var details = CardNumbers.Check(number, 12, 2031, number.StartsWith('3') ? "1234" : "123", Now).Card!;
            await Vault.AddFromTokenAsync("C1", await new GatewayTokens(_store).IssueAsync(details, CancellationToken.None), Now, CancellationToken.None);
        }

        var eleventh = await TokenAsync("6555900000604105");
        var refused = await Assert.ThrowsAsync<DomainException>(() => Vault.AddFromTokenAsync("C1", eleventh, Now, CancellationToken.None));
        Assert.Equal("TOO_MANY_PAYMENT_METHODS", refused.Reason);
    }

    [Fact]
    public async Task A_token_for_a_card_that_expired_since_is_refused()
    {
        var token = await TokenAsync(expYear: 2026);
        var refused = await Assert.ThrowsAsync<DomainException>(() => Vault.AddFromTokenAsync("C1", token, Now.AddMonths(2), CancellationToken.None));
        Assert.Equal("CARD_EXPIRED", refused.Reason);
    }

    [Fact]
    public async Task Only_a_customers_own_cards_have_a_fingerprint_the_shared_test_cards_none()
    {
        Assert.All(PaymentVault.TestCards, c => Assert.Null(c.Fingerprint));
        Assert.All((await Vault.ListAsync(DemoData.CustomerId, CancellationToken.None)).Take(2), c => Assert.StartsWith("fp_", c.Fingerprint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_added_card_removed_is_gone_and_the_next_becomes_the_default()
    {
        var first = await Vault.AddFromTokenAsync("C1", await TokenAsync(), Now, CancellationToken.None);
        var second = await Vault.AddFromTokenAsync("C1", await TokenAsync("5555555555554444"), Now, CancellationToken.None);

        await Vault.RemoveAsync("C1", first.PaymentMethodId, CancellationToken.None);

        var cards = await Vault.ListAsync("C1", CancellationToken.None);
        Assert.Equal((second.PaymentMethodId, true), (cards[0].PaymentMethodId, cards[0].IsDefault));
        Assert.DoesNotContain(cards, c => c.PaymentMethodId == first.PaymentMethodId);
        Assert.Equal(DemoData.TestCards.Count + 1, cards.Count);
    }

    [Fact]
    public async Task Removing_a_seeded_card_moves_the_default_and_a_test_card_cannot_be_removed()
    {
        await Vault.RemoveAsync(DemoData.CustomerId, "PM-001", CancellationToken.None);
        await Vault.RemoveAsync(DemoData.CustomerId, "PM-001", CancellationToken.None);
        var cards = await Vault.ListAsync(DemoData.CustomerId, CancellationToken.None);
        Assert.Equal(("PM-002", true), (cards[0].PaymentMethodId, cards[0].IsDefault));
        Assert.Null(await Vault.FindAsync(DemoData.CustomerId, "PM-001", CancellationToken.None));
        Assert.Equal("TEST_CARD", (await Assert.ThrowsAsync<DomainException>(() => Vault.RemoveAsync("C1", "PM-TEST-VISA", CancellationToken.None))).Reason);
        // Someone else's card is not theirs to remove: nothing changes.
        await Vault.RemoveAsync("C1", "PM-002", CancellationToken.None);
        Assert.NotNull(await Vault.FindAsync(DemoData.CustomerId, "PM-002", CancellationToken.None));
    }

    /// <summary>The store, except that the first reads of one key wait until <paramref name="readers"/> of them have read it.</summary>
    private sealed class TokenReadBarrier(IStateStore inner, string key, int readers) : IStateStore
    {
        private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public int HeldAtBarrier => Math.Min(Volatile.Read(ref _reads), readers);

        public async Task<StateItem?> GetAsync(string stateKey, CancellationToken cancellationToken = default)
        {
            var item = await inner.GetAsync(stateKey, cancellationToken);
            if (stateKey == key && Interlocked.Increment(ref _reads) is var read && read <= readers)
            {
                if (read == readers)
                {
                    _allRead.SetResult();
                }

                await _allRead.Task;
            }

            return item;
        }

        public Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) => inner.GetManyAsync(keys, cancellationToken);

        public Task<bool> TrySaveAsync(string stateKey, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) => inner.TrySaveAsync(stateKey, value, etag, timeToLive, cancellationToken);

        public Task<bool> TryDeleteAsync(string stateKey, string etag, CancellationToken cancellationToken = default) => inner.TryDeleteAsync(stateKey, etag, cancellationToken);

        public Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default) => inner.TryTransactAsync(operations, cancellationToken);
    }
}
