using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;

namespace Checkout.Checkouts;

/// <summary>
/// The price of a line is Catalog's wherever money is computed: a new session takes each
/// line's name, price and category from Catalog, not from its caller, and holds them for
/// its 30 minutes. A caller that is not the BFF (any process that reaches Checkout's port)
/// cannot make a line cheaper, rename it or move it into a promotion's category.
/// </summary>
public sealed class CatalogPrices(CatalogService.CatalogServiceClient catalog)
{
    public async Task<IReadOnlyList<SessionItem>> PriceAsync(IReadOnlyList<SessionItem> items, CancellationToken cancellationToken)
    {
        var query = new GetPricesRequest();
        query.Items.AddRange(items.Select(i => new PriceQuery { ProductId = i.ProductId, Sku = i.Sku }));
        var prices = (await catalog.GetPricesAsync(query, cancellationToken: cancellationToken)).Prices;

        // Catalog answers one price per query, in order.
        var notSold = prices.Where(p => !p.Sold).Select(p => p.Sku).ToList();
        if (notSold.Count > 0)
        {
            throw DomainErrors.FailedPrecondition("PRODUCT_NOT_AVAILABLE", $"No longer sold: {string.Join(", ", notSold)}.");
        }

        return [.. items.Zip(prices, (item, price) =>
        {
            var priced = item.Clone();
            priced.Name = price.Name;
            priced.UnitPrice = price.Price;
            priced.Category = price.Category;
            return priced;
        })];
    }
}
