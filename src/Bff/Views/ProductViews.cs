using Checkout.Contracts.Bff.V1;
using Checkout.Platform.Money;
using Catalog = Checkout.Contracts.Catalog.V1;

namespace Checkout.Bff.Views;

public static class ProductViews
{
    public static ProductSummary ToSummary(this Catalog.Product product)
    {
        var summary = new ProductSummary
        {
            ProductId = product.ProductId,
            Name = product.Name,
            Category = product.Category,
            Brand = product.Brand,
            PriceFrom = product.Skus.Count == 0 ? 0 : MoneyExtensions.ToJsonNumber(product.Skus.Min(s => s.Price.MinorUnits)),
            Currency = product.Skus.FirstOrDefault()?.Price.CurrencyCode ?? MoneyExtensions.DefaultCurrency,
        };
        summary.Skus.AddRange(product.Skus.Select(ToView));
        return summary;
    }

    public static GetProductResponse ToDetail(this Catalog.GetProductResponse complete)
    {
        var product = complete.Product;
        var view = new GetProductResponse
        {
            ProductId = product.ProductId,
            Name = product.Name,
            Description = product.Description,
            Category = product.Category,
            Brand = product.Brand,
            Currency = product.Skus.FirstOrDefault()?.Price.CurrencyCode ?? MoneyExtensions.DefaultCurrency,
            Active = product.Active,
        };
        view.Skus.AddRange(product.Skus.Select(ToView));
        view.Availability.AddRange(complete.Stock.Select(s => new StockAvailability { Sku = s.Sku, Warehouse = s.WarehouseId, Available = s.Available }));
        view.Promotions.AddRange(complete.Promotions.Select(p => new Promotion { Code = p.Code, Description = p.Description }));
        return view;
    }

    private static Contracts.Bff.V1.ProductSku ToView(Catalog.ProductSku sku) => new()
    {
        Sku = sku.Sku,
        Variant = sku.Variant,
        Price = sku.Price.ToJsonNumber(),
        Active = sku.Active,
    };
}
