namespace Checkout.Catalog;

/// <summary>The rules of listing products: category filter, 1-based pages, bounded page size.</summary>
public static class ProductPaging
{
    public const int DefaultPageSize = Contracts.Limits.PageLimits.DefaultPageSize;
    public const int MaxPageSize = Contracts.Limits.PageLimits.MaxPageSize;

    /// <summary>One page of products, the total that match, and the page number and size applied.</summary>
    public sealed record Page(IReadOnlyList<CatalogProduct> Products, int TotalCount, int Number, int Size);

    /// <summary>Returns the page, or the name of the field that is out of range.</summary>
    public static (Page? Page, string? InvalidField) Select(IReadOnlyList<CatalogProduct> products, string? category, int page, int pageSize)
    {
        if (page < 0)
        {
            return (null, "page");
        }

        if (pageSize < 0 || pageSize > MaxPageSize)
        {
            return (null, "pageSize");
        }

        page = page == 0 ? 1 : page;
        pageSize = pageSize == 0 ? DefaultPageSize : pageSize;
        var matching = string.IsNullOrWhiteSpace(category)
            ? products
            : products.Where(p => string.Equals(p.Category, category.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        var skip = (long)(page - 1) * pageSize;
        var items = skip >= matching.Count ? [] : matching.Skip((int)skip).Take(pageSize).ToList();
        return (new Page(items, matching.Count, page, pageSize), null);
    }
}
