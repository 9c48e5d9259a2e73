using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Hybrid;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff.Caching;

/// <summary>
/// The BFF's cart cache (HybridCache, 5-minute TTL as the seed asks). Every change
/// invalidates the customer's entry by moving to a new generation of the key: a read
/// that was already loading the old cart then fills a key nobody asks for any more,
/// instead of putting the stale cart back.
/// </summary>
public sealed class CartCache(HybridCache cache)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    private static readonly HybridCacheEntryOptions EntryOptions = new()
    {
        Expiration = TimeToLive,
        LocalCacheExpiration = TimeToLive,
    };

    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public ValueTask<ServiceCart> GetOrLoadAsync(string customerId, Func<CancellationToken, ValueTask<ServiceCart>> load, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(Key(customerId), load, static (load, ct) => load(ct), EntryOptions, cancellationToken: cancellationToken);

    public ValueTask InvalidateAsync(string customerId, CancellationToken cancellationToken)
    {
        var previous = Key(customerId);
        _generations.AddOrUpdate(customerId, 1, static (_, generation) => generation + 1);
        return cache.RemoveAsync(previous, cancellationToken);
    }

    private string Key(string customerId) => $"cart:{customerId}:{_generations.GetValueOrDefault(customerId)}";
}
