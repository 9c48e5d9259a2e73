using Checkout.Platform.State;

namespace Checkout.Catalog;

/// <summary>A product as Catalog stores it. Prices are integer cents.</summary>
public sealed record CatalogProduct(
    string ProductId,
    string Name,
    string Description,
    string Category,
    string Brand,
    bool Active,
    IReadOnlyList<CatalogSku> Skus,
    IReadOnlyList<CatalogPromotion> Promotions) : IImmutableState
{
    public CatalogSku? FindSku(string sku) => Skus.FirstOrDefault(s => string.Equals(s.Sku, sku, StringComparison.Ordinal));
}

public sealed record CatalogSku(string Sku, string Variant, long PriceCents, bool Active) : IImmutableState;

public sealed record CatalogPromotion(string Code, string Description) : IImmutableState;

/// <summary>A whole catalog as a seed file holds it; stored as <see cref="CatalogLayout"/> lays it out.</summary>
public sealed record CatalogDocument(string Currency, IReadOnlyList<CatalogProduct> Products);
