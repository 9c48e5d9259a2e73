namespace Checkout.Contracts.Limits;

/// <summary>
/// Limits of a cart that are part of the public contract: the BFF refuses requests
/// beyond them with a 400 naming the field, and Cart enforces them again.
/// </summary>
public static class CartLimits
{
    /// <summary>The most units of one line (one product, SKU and warehouse).</summary>
    public const int MaxQuantityPerLine = 99;

    /// <summary>The most lines in one cart.</summary>
    public const int MaxLines = 100;

    /// <summary>The one wording of "not enough stock", wherever the check is made.</summary>
    public static string OutOfStockMessage(string sku, int available, string warehouseId, int requested, int alreadyInCart) =>
        $"Out of stock: {sku} has {available} available in {warehouseId}, {requested} requested" +
        (alreadyInCart > 0 ? $" ({alreadyInCart} already in your cart)." : ".");
}
