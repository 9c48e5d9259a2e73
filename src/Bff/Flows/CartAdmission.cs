using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Limits;
using Checkout.Platform.Errors;

namespace Checkout.Bff.Flows;

/// <summary>
/// Whether a quantity of a SKU from a warehouse may go into a cart, judged on
/// Catalog's complete product data. Pure, so every rule is unit-tested.
/// </summary>
public static class CartAdmission
{
    public sealed record Admitted(string Name, Contracts.Common.V1.Money UnitPrice, int Available);

    /// <summary>The checks that need no other service; each failure names its field.</summary>
    public static void ValidateAddRequest(string productId, string sku, string warehouseId, int quantity)
    {
        Require(productId, "productId");
        Require(sku, "sku");
        Require(warehouseId, "warehouseId");
        RequireQuantity(quantity, minimum: 1);
    }

    public static void RequireQuantity(int quantity, int minimum)
    {
        if (CartLimits.QuantityProblem(quantity, minimum) is { } problem)
        {
            throw DomainErrors.InvalidArgument("quantity", problem);
        }
    }

    /// <summary>Admits <paramref name="wanted"/> more units on top of <paramref name="alreadyInCart"/>, or throws why not.</summary>
    public static Admitted Admit(GetProductResponse product, string sku, string warehouseId, int wanted, int alreadyInCart)
    {
        var found = product.Product.Skus.FirstOrDefault(s => s.Sku == sku)
            ?? throw DomainErrors.NotFound("SKU_NOT_FOUND", $"Product {product.Product.ProductId} has no SKU {sku}.");
        if (!product.Product.Active || !found.Active)
        {
            throw DomainErrors.FailedPrecondition("PRODUCT_NOT_AVAILABLE", $"{sku} of {product.Product.ProductId} is no longer sold.");
        }

        var stock = product.Stock.FirstOrDefault(s => s.Sku == sku && s.WarehouseId == warehouseId)
            ?? throw DomainErrors.InvalidArgument("warehouseId", $"warehouseId {warehouseId} is not a warehouse that stocks {sku}.");

        var total = alreadyInCart + wanted;
        if (total > CartLimits.MaxQuantityPerLine)
        {
            throw DomainErrors.InvalidArgument("quantity", $"quantity would make {total} of {sku} in the cart; at most {CartLimits.MaxQuantityPerLine} per item.");
        }

        if (total > stock.Available)
        {
            throw DomainErrors.FailedPrecondition("OUT_OF_STOCK",
                StockWording.OutOfStock([StockWording.Shortage(sku, stock.Available, warehouseId, total)], alreadyInCart));
        }

        return new Admitted(product.Product.Name, found.Price, stock.Available);
    }

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DomainErrors.InvalidArgument(field, $"{field} is required.");
        }
    }
}
