using Checkout.Cart;
using Checkout.Platform.State;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Cart;

public sealed class CartStoreTests
{
    [Fact]
    public async Task Concurrent_changes_to_one_cart_never_lose_an_update()
    {
        var store = new GatedReadStateStore(new InMemoryStateStore(), readersToGather: 20);
        var carts = new CartStore(store, TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => carts.ChangeAsync(
            "CUST-1",
            (cart, now) => CartRules.AddItem(cart, new NewLine($"PROD-{i}", $"SKU-{i}", "Thing", "US-WEST-01", 1, 100), now),
            CancellationToken.None))));

        var final = await carts.GetAsync("CUST-1", CancellationToken.None);
        Assert.Equal(20, final.Items.Count);
        Assert.Equal(20, final.Items.Select(i => i.ItemId).Distinct().Count());
        // All twenty read the same version first, so at least nineteen writes had to retry.
        Assert.True(store.Conflicts >= 19, $"expected at least 19 conflicts, saw {store.Conflicts}");
    }

    [Fact]
    public async Task The_first_read_creates_the_cart_so_its_id_is_stable()
    {
        var carts = new CartStore(new InMemoryStateStore(), TimeProvider.System);

        var first = await carts.GetAsync("CUST-2", CancellationToken.None);
        var second = await carts.GetAsync("CUST-2", CancellationToken.None);

        Assert.Equal(first.CartId, second.CartId);
        Assert.StartsWith("CART-", first.CartId);
    }

    [Fact]
    public async Task Carts_expire_after_their_time_to_live()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero));
        var store = new InMemoryStateStore(clock);
        var carts = new CartStore(store, clock);
        await carts.ChangeAsync("CUST-3", (c, now) => CartRules.AddItem(c, new NewLine("P", "S", "N", "W", 1, 100), now), CancellationToken.None);

        clock.Advance(CartStore.TimeToLive + TimeSpan.FromSeconds(1));

        Assert.Null(await store.GetAsync(CartRecord.Key("CUST-3")));
    }

    /// <summary>Holds the first reads until all of them have read, so concurrent writers really collide.</summary>
    private sealed class GatedReadStateStore(IStateStore inner, int readersToGather) : IStateStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting = readersToGather;
        private int _conflicts;

        public int Conflicts => _conflicts;

        public async Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            var item = await inner.GetAsync(key, cancellationToken);
            var remaining = Interlocked.Decrement(ref _waiting);
            if (remaining == 0)
            {
                _gate.SetResult();
            }
            else if (remaining > 0)
            {
                await _gate.Task;
            }

            return item;
        }

        public Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) => inner.GetManyAsync(keys, cancellationToken);

        public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
        {
            var saved = await inner.TrySaveAsync(key, value, etag, timeToLive, cancellationToken);
            if (!saved)
            {
                Interlocked.Increment(ref _conflicts);
            }

            return saved;
        }

        public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) => inner.TryDeleteAsync(key, etag, cancellationToken);

        public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
        {
            var committed = await inner.TryTransactAsync(operations, cancellationToken);
            if (!committed)
            {
                Interlocked.Increment(ref _conflicts);
            }

            return committed;
        }
    }
}
