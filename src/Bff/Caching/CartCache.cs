using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Checkout.Platform.Telemetry;
using Microsoft.Extensions.Caching.Hybrid;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff.Caching;

/// <summary>
/// The BFF's cart cache (HybridCache, 5-minute TTL as the seed asks). Every change
/// invalidates the customer's entry by moving to a new generation of the key: a read
/// that was already loading the old cart then fills a key nobody asks for any more,
/// instead of putting the stale cart back.
/// </summary>
public sealed class CartCache(HybridCache cache, AppMeter meter)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    private static readonly HybridCacheEntryOptions EntryOptions = new()
    {
        Expiration = TimeToLive,
        LocalCacheExpiration = TimeToLive,
    };

    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    private readonly Counter<long> _requests = meter.Meter.CreateCounter<long>("checkout.cache.requests", description: "Cart reads by the BFF, by result: hit (from the cache) or miss (loaded from Cart).");

    public async ValueTask<ServiceCart> GetOrLoadAsync(string customerId, Func<CancellationToken, ValueTask<ServiceCart>> load, CancellationToken cancellationToken)
    {
        var missed = false;
        var cart = await cache.GetOrCreateAsync(Key(customerId), (load, Missed: (Action)(() => missed = true), Caller: CallerContext.Capture()), static (state, ct) =>
        {
            state.Missed();
            state.Caller.Restore();
            return state.load(ct);
        }, EntryOptions, cancellationToken: cancellationToken);
        _requests.Add(1, new KeyValuePair<string, object?>("cache", "cart"), new KeyValuePair<string, object?>("result", missed ? "miss" : "hit"));
        return cart;
    }

    public ValueTask InvalidateAsync(string customerId, CancellationToken cancellationToken)
    {
        var previous = Key(customerId);
        _generations.AddOrUpdate(customerId, 1, static (_, generation) => generation + 1);
        return cache.RemoveAsync(previous, cancellationToken);
    }

    private string Key(string customerId) => $"cart:{customerId}:{_generations.GetValueOrDefault(customerId)}";
}
