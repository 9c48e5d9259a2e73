using System.Collections.Frozen;
using Checkout.Platform.State;

namespace Checkout.Catalog;

/// <summary>
/// Catalog data lives in the state store under one key (<see cref="StateKey"/>), seeded from
/// Seed/catalog.json the first time. Reads are served from an immutable in-memory snapshot:
/// the catalog is small and read on every cart call. Price changes write through with the
/// document's ETag and then swap the snapshot.
/// </summary>
public sealed class CatalogRepository(IStateStore store)
{
    public const string StateKey = "catalog";

    private Snapshot? _snapshot;

    public sealed record Snapshot(CatalogDocument Document, FrozenDictionary<string, CatalogProduct> ById, string ETag)
    {
        public IReadOnlyList<string> Categories { get; } =
            Document.Products.Select(p => p.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public string Currency => Current.Document.Currency;

    public Snapshot Current => _snapshot ?? throw new InvalidOperationException("The catalog is not loaded yet.");

    public CatalogProduct? Find(string productId) => Current.ById.GetValueOrDefault(productId);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetJsonAsync<CatalogDocument>(StateKey, cancellationToken);
        if (stored is null)
        {
            // Another instance may seed at the same moment: create-only, then read what won.
            await store.TrySaveJsonAsync(StateKey, CatalogSeed.Load(), ETags.MustNotExist, cancellationToken: cancellationToken);
            stored = await store.GetJsonAsync<CatalogDocument>(StateKey, cancellationToken)
                ?? throw new InvalidOperationException("The catalog seed could not be stored.");
        }

        _snapshot = Index(stored);
    }

    /// <summary>Sets one SKU's price; retries on a concurrent change of the document.</summary>
    public async Task<CatalogSku?> SetPriceAsync(string productId, string sku, long priceCents, CancellationToken cancellationToken)
    {
        var changed = await store.UpdateAsync<CatalogSku?>(async ct =>
        {
            var stored = await store.GetJsonAsync<CatalogDocument>(StateKey, ct)
                ?? throw new InvalidOperationException("The catalog is not seeded.");
            var product = stored.Value.Products.FirstOrDefault(p => p.ProductId == productId);
            var current = product?.FindSku(sku);
            if (product is null || current is null)
            {
                return ([], null);
            }

            var changed = current with { PriceCents = priceCents };
            var document = stored.Value with
            {
                Products = stored.Value.Products
                    .Select(p => p.ProductId != productId ? p : p with { Skus = p.Skus.Select(s => s.Sku == sku ? changed : s).ToList() })
                    .ToList(),
            };
            return ([StateOperation.Upsert(StateKey, JsonStateExtensions.Serialize(document), stored.ETag)], changed);
        }, "The catalog", cancellationToken);
        if (changed is not null)
        {
            _snapshot = Index((await store.GetJsonAsync<CatalogDocument>(StateKey, cancellationToken))!);
        }

        return changed;
    }

    private static Snapshot Index(Versioned<CatalogDocument> stored) =>
        new(stored.Value, stored.Value.Products.ToFrozenDictionary(p => p.ProductId, StringComparer.Ordinal), stored.ETag);
}
