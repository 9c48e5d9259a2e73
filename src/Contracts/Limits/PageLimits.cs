namespace Checkout.Contracts.Limits;

/// <summary>Paging of the product list, part of the public contract: Catalog applies it, the BFF refuses a query beyond it.</summary>
public static class PageLimits
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The largest page a client may ask for.</summary>
    public const int MaxPageSize = 100;
}
