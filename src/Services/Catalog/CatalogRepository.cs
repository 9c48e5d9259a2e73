using Checkout.Platform.State;
using Microsoft.Extensions.Caching.Memory;

namespace Checkout.Catalog;

/// <summary>
/// The catalog in the state store, laid out by <see cref="CatalogLayout"/> and seeded from
/// Seed/catalog.json the first time. Products and index pages are read through a bounded
/// cache (<see cref="CachedEntries"/> entries, each kept <see cref="CacheFor"/>), so memory
/// stays flat however big the catalog, and another instance's price change is seen within
/// <see cref="CacheFor"/>. Price changes write one product's entry under its ETag.
/// </summary>
public sealed class CatalogRepository(IStateStore store) : IDisposable
{
    public const int CachedEntries = 20_000;

    /// <summary>Transactions of the first run's seed.</summary>
    public const int SeedBatch = 100;

    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CachedEntries });
    private CatalogMeta? _meta;

    public CatalogMeta Meta => _meta ?? throw new InvalidOperationException("The catalog is not loaded yet.");

    public string Currency => Meta.Currency;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetJsonAsync<CatalogMeta>(CatalogLayout.MetaKey, cancellationToken);
        if (stored is null)
        {
            await CatalogLayout.TrySeedAsync(store, CatalogSeed.Load(), SeedBatch, cancellationToken);
            stored = await store.GetJsonAsync<CatalogMeta>(CatalogLayout.MetaKey, cancellationToken)
                ?? throw new InvalidOperationException("The catalog seed could not be stored.");
        }

        _meta = stored.Value;
    }

    public async Task<CatalogProduct?> FindAsync(string productId, CancellationToken cancellationToken) =>
        (await FindManyAsync([productId], cancellationToken)).GetValueOrDefault(productId);

    /// <summary>The products of <paramref name="productIds"/> that exist, by id: the cached ones, and the rest in one read.</summary>
    public async Task<IReadOnlyDictionary<string, CatalogProduct>> FindManyAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CatalogProduct>(productIds.Count, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in productIds.Distinct(StringComparer.Ordinal))
        {
            if (_cache.TryGetValue(CatalogLayout.ProductKey(id), out CatalogProduct? cached) && cached is not null)
            {
                found[id] = cached;
            }
            else
            {
                missing.Add(CatalogLayout.ProductKey(id));
            }
        }

        if (missing.Count > 0)
        {
            foreach (var product in await store.GetManyJsonAsync<CatalogProduct>(missing, cancellationToken))
            {
                found[product.Value.ProductId] = Cache(CatalogLayout.ProductKey(product.Value.ProductId), product.Value);
            }
        }

        return found;
    }

    /// <summary>A page of the catalog, or of one category (matched ignoring case); an unknown category has no products.</summary>
    public async Task<ProductPaging.Page> ListAsync(string? category, ProductPaging.Window window, CancellationToken cancellationToken)
    {
        var (total, indexKey) = Listing(category);
        var (from, count) = ProductPaging.Positions(window, total);
        var ids = new List<string>(count);
        for (var page = CatalogLayout.PageOf(from); count > 0 && page <= CatalogLayout.PageOf(from + count - 1); page++)
        {
            var pageIds = await IndexPageAsync(indexKey(page), cancellationToken);
            var start = page == CatalogLayout.PageOf(from) ? (int)(from % CatalogLayout.IndexPageSize) : 0;
            ids.AddRange(pageIds.Skip(start).Take(count - ids.Count));
        }

        var products = await FindManyAsync(ids, cancellationToken);
        return new ProductPaging.Page([.. ids.Where(products.ContainsKey).Select(id => products[id])], total, window.Number, window.Size);
    }

    /// <summary>Sets one SKU's price; retries on a concurrent change of the product.</summary>
    public async Task<CatalogSku?> SetPriceAsync(string productId, string sku, long priceCents, CancellationToken cancellationToken)
    {
        var key = CatalogLayout.ProductKey(productId);
        var changed = await store.UpdateAsync<CatalogSku?>(async ct =>
        {
            var stored = await store.GetJsonAsync<CatalogProduct>(key, ct);
            if (stored?.Value.FindSku(sku) is not { } current)
            {
                return ([], null);
            }

            var changed = current with { PriceCents = priceCents };
            var product = stored.Value with { Skus = [.. stored.Value.Skus.Select(s => s.Sku == sku ? changed : s)] };
            return ([StateOperation.Upsert(key, JsonStateExtensions.Serialize(product), stored.ETag)], changed);
        }, $"Product {productId}", cancellationToken);
        _cache.Remove(key);
        return changed;
    }

    public void Dispose() => _cache.Dispose();

    private (int Total, Func<int, string> IndexKey) Listing(string? category)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            return (Meta.ProductCount, CatalogLayout.IndexKey);
        }

        for (var index = 0; index < Meta.Categories.Count; index++)
        {
            if (string.Equals(Meta.Categories[index].Name, category.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                var found = index;
                return (Meta.Categories[index].Count, page => CatalogLayout.CategoryIndexKey(found, page));
            }
        }

        return (0, CatalogLayout.IndexKey);
    }

    private async Task<IReadOnlyList<string>> IndexPageAsync(string key, CancellationToken cancellationToken) =>
        _cache.TryGetValue(key, out ProductIndexPage? cached) && cached is not null
            ? cached.ProductIds
            : Cache(key, (await store.GetJsonAsync<ProductIndexPage>(key, cancellationToken))?.Value ?? new ProductIndexPage([])).ProductIds;

    private T Cache<T>(string key, T value) =>
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });
}
