using Checkout.Contracts.Catalog.V1;
using Checkout.Platform.Money;

namespace Checkout.Catalog;

internal static class CatalogMapping
{
    public static Product ToProto(this CatalogProduct product, string currency)
    {
        var proto = new Product
        {
            ProductId = product.ProductId,
            Name = product.Name,
            Description = product.Description,
            Category = product.Category,
            Brand = product.Brand,
            Active = product.Active,
        };
        proto.Skus.AddRange(product.Skus.Select(s => s.ToProto(currency)));
        return proto;
    }

    public static ProductSku ToProto(this CatalogSku sku, string currency) => new()
    {
        Sku = sku.Sku,
        Variant = sku.Variant,
        Price = MoneyExtensions.Cents(sku.PriceCents, currency),
        Active = sku.Active,
    };
}
