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

    [Fact]
    public void Pages_are_1_based_and_default_to_20()
    {
        var (page, _) = ProductPaging.Select(Products, null, 0, 0);
        Assert.Equal(ProductPaging.DefaultPageSize, page!.Products.Count);
        Assert.Equal(Products.Count, page.TotalCount);
        Assert.Equal(Products[0], page.Products[0]);

        var (second, _) = ProductPaging.Select(Products, null, 2, 20);
        Assert.Equal(Products[20], second!.Products[0]);
    }

    [Fact]
    public void The_category_filter_ignores_case_and_counts_only_matches()
    {
        var (page, _) = ProductPaging.Select(Products, "AUDIO", 1, 100);
        Assert.All(page!.Products, p => Assert.Equal("audio", p.Category));
        Assert.Equal(Products.Count(p => p.Category == "audio"), page.TotalCount);
    }

    [Fact]
    public void A_page_past_the_end_is_empty_not_an_error()
    {
        var (page, invalid) = ProductPaging.Select(Products, null, 100, 20);
        Assert.Null(invalid);
        Assert.Empty(page!.Products);
    }

    [Theory]
    [InlineData(-1, 10, "page")]
    [InlineData(1, -1, "pageSize")]
    [InlineData(1, ProductPaging.MaxPageSize + 1, "pageSize")]
    public void Out_of_range_paging_names_the_field(int pageNumber, int pageSize, string field)
    {
        var (page, invalid) = ProductPaging.Select(Products, null, pageNumber, pageSize);
        Assert.Null(page);
        Assert.Equal(field, invalid);
    }

    [Theory]
    [InlineData(false, 1, 10, StockStatus.NotSold)]
    [InlineData(true, 1, 0, StockStatus.OutOfStock)]
    [InlineData(true, 5, 3, StockStatus.Insufficient)]
    [InlineData(true, 3, 3, StockStatus.Available)]
    public void Stock_status_compares_wanted_with_available(bool sold, int wanted, int available, StockStatus expected) =>
        Assert.Equal(expected, StockRules.Classify(sold, wanted, available));
}
