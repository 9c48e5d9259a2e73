using Checkout.Catalog;
using Checkout.Contracts.Catalog.V1;

namespace Checkout.UnitTests.Catalog;

public sealed class CatalogRulesTests
{
    private static readonly IReadOnlyList<CatalogProduct> Products = CatalogSeed.Load().Products;

    [Fact]
    public void The_seed_has_the_seed_documents_headphones_and_a_real_catalog()
    {
        var headphones = Assert.Single(Products, p => p.ProductId == "PROD-12345");
        Assert.Equal("Premium Wireless Headphones", headphones.Name);
        Assert.Equal(24999, headphones.FindSku("SKU-ABC-001")!.PriceCents);

        Assert.True(Products.Count >= 50);
        Assert.True(Products.Select(p => p.Category).Distinct().Count() >= 5);
        Assert.Contains(Products, p => p.Skus.Count > 1);
        Assert.Equal(Products.Count, Products.Select(p => p.ProductId).Distinct().Count());
        Assert.Equal(Products.Sum(p => p.Skus.Count), Products.SelectMany(p => p.Skus).Select(s => s.Sku).Distinct().Count());
    }

    [Theory]
    [InlineData(-1, 10, "page")]
    [InlineData(1, -1, "pageSize")]
    [InlineData(1, ProductPaging.MaxPageSize + 1, "pageSize")]
    public void Out_of_range_paging_names_the_field(int pageNumber, int pageSize, string field)
    {
        var (window, invalid) = ProductPaging.Plan(pageNumber, pageSize);
        Assert.Null(window);
        Assert.Equal(field, invalid);
    }

    [Fact]
    public void Pages_are_1_based_and_default_to_20()
    {
        Assert.Equal(new ProductPaging.Window(1, ProductPaging.DefaultPageSize), ProductPaging.Plan(0, 0).Window);
        Assert.Equal(new ProductPaging.Window(1, ProductPaging.MaxPageSize), ProductPaging.Plan(1, ProductPaging.MaxPageSize).Window);
        Assert.Equal(new ProductPaging.Window(3, 10), ProductPaging.Plan(3, 10).Window);
        Assert.Equal(20, new ProductPaging.Window(2, 20).Skip);
    }

    [Theory]
    [InlineData(1, 20, 57, 0, 20)]
    [InlineData(3, 20, 57, 40, 17)]
    [InlineData(4, 20, 57, 60, 0)]
    [InlineData(3, 20, 60, 40, 20)]
    public void A_window_takes_what_the_listing_has(int number, int size, int total, long from, int count) =>
        Assert.Equal((from, count), ProductPaging.Positions(new ProductPaging.Window(number, size), total));

    [Theory]
    [InlineData(false, 1, 10, StockStatus.NotSold)]
    [InlineData(true, 1, 0, StockStatus.OutOfStock)]
    [InlineData(true, 5, 3, StockStatus.Insufficient)]
    [InlineData(true, 3, 3, StockStatus.Available)]
    public void Stock_status_compares_wanted_with_available(bool sold, int wanted, int available, StockStatus expected) =>
        Assert.Equal(expected, StockRules.Classify(sold, wanted, available));
}
