using System.Security.Cryptography;
using Checkout.Platform.Events;
using Checkout.Platform.State;

namespace Checkout.Cart;

/// <summary>
/// Reads and changes carts in the state store with optimistic concurrency: every change
/// is read-modify-write under the ETag it read, retried on a conflict, so two concurrent
/// writes to one cart never lose an update. Carts expire after <see cref="TimeToLive"/>
/// of inactivity.
/// </summary>
public sealed class CartStore(IStateStore store, TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);
    public const string Currency = "USD";

    /// <summary>The customer's cart; the first read creates it, so its id stays the same from then on.</summary>
    public async Task<CartRecord> GetAsync(string customerId, CancellationToken cancellationToken)
    {
        var stored = await store.GetJsonAsync<CartRecord>(CartRecord.Key(customerId), cancellationToken);
        return stored?.Value ?? await ChangeAsync(customerId, (cart, _) => cart, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> to the current cart and saves it, retrying on conflicts.</summary>
    public Task<CartRecord> ChangeAsync(string customerId, Func<CartRecord, DateTimeOffset, CartRecord> change, CancellationToken cancellationToken)
    {
        var key = CartRecord.Key(customerId);
        return store.UpdateAsync<CartRecord>(async ct =>
        {
            var stored = await store.GetJsonAsync<CartRecord>(key, ct);
            var now = WholeSeconds(clock.GetUtcNow());
            var current = stored?.Value ?? CartRules.Empty(NewCartId(), customerId, Currency, now);
            var next = change(current, now);
            if (ReferenceEquals(next, current) && stored is not null)
            {
                return ([], current);
            }

            IReadOnlyList<StateOperation> writes = [StateOperation.Upsert(key, JsonStateExtensions.Serialize(next), stored?.ETag ?? ETags.MustNotExist, TimeToLive)];
            return (writes, next);
        }, $"The cart of {customerId}", cancellationToken);
    }

    // Cart times are shown to the second, as in the seed ("2024-08-10T14:30:00Z").
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>
    /// Takes out of the cart what order <paramref name="orderId"/> bought, once per order: the
    /// submission asks as soon as the order is paid, order.created asks again, and a late
    /// second ask must not take lines the customer has added since.
    /// </summary>
    public Task RemoveOrderedAsync(string customerId, string orderId, IReadOnlyList<OrderedLine> ordered, CancellationToken cancellationToken) =>
        store.ApplyOnceAsync($"order-lines-removed:{orderId}", async ct =>
        {
            var stored = await store.GetJsonAsync<CartRecord>(CartRecord.Key(customerId), ct);
            if (stored is null)
            {
                return [];
            }

            var next = CartRules.RemoveOrdered(stored.Value, ordered, WholeSeconds(clock.GetUtcNow()));
            return ReferenceEquals(next, stored.Value)
                ? []
                : [StateOperation.Upsert(CartRecord.Key(customerId), JsonStateExtensions.Serialize(next), stored.ETag, TimeToLive)];
        }, cancellationToken);

    private static string NewCartId() => $"CART-{RandomNumberGenerator.GetInt32(100_000, 1_000_000_000)}";
}
