namespace Checkout.Contracts.Limits;

/// <summary>The one wording of "not enough stock", wherever the check is made (adding to a cart, reserving for an order).</summary>
public static class StockWording
{
    /// <summary>One SKU short in one warehouse: "SKU-ABC-001 has 40 available in EU-CENTRAL-01, 60 requested".</summary>
    public static string Shortage(string sku, int available, string warehouseId, int requested) =>
        $"{sku} has {available} available in {warehouseId}, {requested} requested";

    /// <summary>The message of an OUT_OF_STOCK refusal, with what the customer already has in the cart when that counted.</summary>
    public static string OutOfStock(IEnumerable<string> shortages, int alreadyInCart = 0) =>
        "Out of stock: " + string.Join("; ", shortages) + (alreadyInCart > 0 ? $" ({alreadyInCart} already in your cart)." : ".");
}
