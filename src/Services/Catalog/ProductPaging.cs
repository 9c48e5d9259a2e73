namespace Checkout.Catalog;

/// <summary>The rules of listing products: 1-based pages, bounded page size.</summary>
public static class ProductPaging
{
    public const int DefaultPageSize = Contracts.Limits.PageLimits.DefaultPageSize;
    public const int MaxPageSize = Contracts.Limits.PageLimits.MaxPageSize;

    /// <summary>Which products a page is: <see cref="Skip"/> of the listing, then at most <see cref="Size"/>.</summary>
    public sealed record Window(int Number, int Size)
    {
        public long Skip => (long)(Number - 1) * Size;
    }

    /// <summary>One page of products and the total that match.</summary>
    public sealed record Page(IReadOnlyList<CatalogProduct> Products, int TotalCount, int Number, int Size);

    /// <summary>The window asked for (0 means the default), or the name of the field that is out of range.</summary>
    public static (Window? Window, string? InvalidField) Plan(int page, int pageSize)
    {
        if (page < 0)
        {
            return (null, "page");
        }

        if (pageSize < 0 || pageSize > MaxPageSize)
        {
            return (null, "pageSize");
        }

        return (new Window(page == 0 ? 1 : page, pageSize == 0 ? DefaultPageSize : pageSize), null);
    }

    /// <summary>The positions of <paramref name="window"/> within a listing of <paramref name="total"/> (none past its end).</summary>
    public static (long From, int Count) Positions(Window window, int total) =>
        window.Skip >= total ? (window.Skip, 0) : (window.Skip, (int)Math.Min(window.Size, total - window.Skip));
}
