using Checkout.Platform.State;

namespace Checkout.Catalog;

/// <summary>
/// How the catalog is laid out in the state store, so that no read or write grows with it:
/// each product is its own entry (<c>product:{id}</c>); the order products are listed in is
/// kept in index pages of <see cref="IndexPageSize"/> ids, one series for the whole catalog
/// (<c>catalog:index:{n}</c>) and one per category (<c>catalog:category:{c}:{n}</c>, c its
/// place in <see cref="CatalogMeta.Categories"/>); <c>catalog:meta</c> holds the currency
/// and the categories with their counts, and is written last, so a catalog is there once
/// its meta is.
/// </summary>
public static class CatalogLayout
{
    public const int IndexPageSize = 1_000;

    public const string MetaKey = "catalog:meta";

    public static string ProductKey(string productId) => $"product:{productId}";

    public static string IndexKey(int page) => $"catalog:index:{page}";

    public static string CategoryIndexKey(int category, int page) => $"catalog:category:{category}:{page}";

    /// <summary>The index page that holds the <paramref name="position"/>-th product (0-based) of a listing.</summary>
    public static int PageOf(long position) => (int)(position / IndexPageSize);

    /// <summary>Every entry of <paramref name="document"/>, products and index pages first and the meta last.</summary>
    public static IEnumerable<(string Key, object Value)> Entries(CatalogDocument document)
    {
        var categories = document.Products.Select(p => p.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var product in document.Products)
        {
            yield return (ProductKey(product.ProductId), product);
        }

        foreach (var (page, ids) in Pages(document.Products))
        {
            yield return (IndexKey(page), new ProductIndexPage(ids));
        }

        for (var c = 0; c < categories.Count; c++)
        {
            var category = categories[c];
            foreach (var (page, ids) in Pages(document.Products.Where(p => p.Category == category)))
            {
                yield return (CategoryIndexKey(c, page), new ProductIndexPage(ids));
            }
        }

        yield return (MetaKey, new CatalogMeta(
            document.Currency,
            document.Products.Count,
            [.. categories.Select(c => new CategoryCount(c, document.Products.Count(p => p.Category == c)))]));
    }

    private static IEnumerable<(int Page, IReadOnlyList<string> Ids)> Pages(IEnumerable<CatalogProduct> products) =>
        products.Select(p => p.ProductId).Chunk(IndexPageSize).Select((ids, page) => (page, (IReadOnlyList<string>)ids));

    /// <summary>
    /// Writes <paramref name="document"/> create-only, in transactions of at most
    /// <paramref name="batch"/> entries and the meta alone and last; false when a catalog
    /// was there already. Two instances seeding at once write the same entries, and an entry
    /// already written (perhaps since repriced) is left as it is.
    /// </summary>
    public static async Task<bool> TrySeedAsync(IStateStore store, CatalogDocument document, int batch, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(MetaKey, cancellationToken) is not null)
        {
            return false;
        }

        var entries = Entries(document).Select(e => StateOperation.Upsert(e.Key, JsonStateExtensions.Serialize(e.Value), ETags.MustNotExist)).ToList();
        foreach (var chunk in entries.SkipLast(1).Chunk(batch))
        {
            if (!await store.TryTransactAsync(chunk, cancellationToken))
            {
                foreach (var entry in chunk)
                {
                    await store.TryTransactAsync([entry], cancellationToken);
                }
            }
        }

        return await store.TryTransactAsync([entries[^1]], cancellationToken);
    }
}

/// <summary>What the whole catalog shares: its currency, how many products, the categories and their counts.</summary>
public sealed record CatalogMeta(string Currency, int ProductCount, IReadOnlyList<CategoryCount> Categories) : IImmutableState;

public sealed record CategoryCount(string Name, int Count) : IImmutableState;

/// <summary>Up to <see cref="CatalogLayout.IndexPageSize"/> product ids, in listing order.</summary>
public sealed record ProductIndexPage(IReadOnlyList<string> ProductIds) : IImmutableState;
