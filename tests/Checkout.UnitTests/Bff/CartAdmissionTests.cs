using Checkout.Bff.Flows;
using Checkout.Contracts.Catalog.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Grpc.Core;

namespace Checkout.UnitTests.Bff;

public sealed class CartAdmissionTests
{
    private static GetProductResponse Headphones(bool active = true, bool skuActive = true, int available = 5)
    {
        var product = new Product { ProductId = "PROD-12345", Name = "Premium Wireless Headphones", Active = active };
        product.Skus.Add(new ProductSku { Sku = "SKU-ABC-001", Price = MoneyExtensions.Cents(24999), Active = skuActive });
        var response = new GetProductResponse { Product = product };
        response.Stock.Add(new WarehouseStock { Sku = "SKU-ABC-001", WarehouseId = "US-WEST-01", Available = available });
        return response;
    }

    private static (StatusCode Code, string? Reason, string Message) Refusal(Action action)
    {
        var error = Assert.Throws<DomainException>(action);
        return ((StatusCode)(int)error.Code, error.Reason, error.Message);
    }

    [Fact]
    public void Available_stock_admits_the_item_at_the_catalog_price()
    {
        var admitted = CartAdmission.Admit(Headphones(), "SKU-ABC-001", "US-WEST-01", 2, 0);
        Assert.Equal("Premium Wireless Headphones", admitted.Name);
        Assert.Equal(24999, admitted.UnitPrice.MinorUnits);
    }

    [Fact]
    public void Out_of_stock_says_which_sku_and_how_many_are_available()
    {
        var (code, reason, message) = Refusal(() => CartAdmission.Admit(Headphones(available: 3), "SKU-ABC-001", "US-WEST-01", 4, 0));
        Assert.Equal(StatusCode.FailedPrecondition, code);
        Assert.Equal("OUT_OF_STOCK", reason);
        Assert.Contains("SKU-ABC-001", message);
        Assert.Contains("3 available", message);
    }

    [Fact]
    public void What_is_already_in_the_cart_counts_against_stock()
    {
        var (_, reason, message) = Refusal(() => CartAdmission.Admit(Headphones(available: 5), "SKU-ABC-001", "US-WEST-01", 2, 4));
        Assert.Equal("OUT_OF_STOCK", reason);
        Assert.Contains("4 already in your cart", message);
    }

    [Fact]
    public void An_unknown_sku_is_not_found()
    {
        var (code, reason, _) = Refusal(() => CartAdmission.Admit(Headphones(), "SKU-NOPE", "US-WEST-01", 1, 0));
        Assert.Equal(StatusCode.NotFound, code);
        Assert.Equal("SKU_NOT_FOUND", reason);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void A_product_or_sku_no_longer_sold_is_refused(bool active, bool skuActive)
    {
        var (_, reason, _) = Refusal(() => CartAdmission.Admit(Headphones(active, skuActive), "SKU-ABC-001", "US-WEST-01", 1, 0));
        Assert.Equal("PRODUCT_NOT_AVAILABLE", reason);
    }

    [Fact]
    public void An_unknown_warehouse_names_the_field()
    {
        var (code, reason, message) = Refusal(() => CartAdmission.Admit(Headphones(), "SKU-ABC-001", "MARS-01", 1, 0));
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.Equal("INVALID_WAREHOUSE_ID", reason);
        Assert.Contains("warehouseId", message);
    }

    [Theory]
    [InlineData("", "SKU", "W", 1, "INVALID_PRODUCT_ID")]
    [InlineData("P", " ", "W", 1, "INVALID_SKU")]
    [InlineData("P", "SKU", "", 1, "INVALID_WAREHOUSE_ID")]
    [InlineData("P", "SKU", "W", 0, "INVALID_QUANTITY")]
    [InlineData("P", "SKU", "W", 100, "INVALID_QUANTITY")]
    public void Request_checks_name_the_field(string productId, string sku, string warehouseId, int quantity, string expectedReason)
    {
        var (code, reason, _) = Refusal(() => CartAdmission.ValidateAddRequest(productId, sku, warehouseId, quantity));
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.Equal(expectedReason, reason);
    }
}
