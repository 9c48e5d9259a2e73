using Microsoft.OpenApi.Any;

namespace Checkout.Bff.OpenApi;

/// <summary>Bodies a client sends, as the README's walkthrough sends them, shown in the document.</summary>
internal static class Examples
{
    public static IOpenApiAny DevToken => new OpenApiObject { ["customerId"] = new OpenApiString("CUST-12345") };

    public static IOpenApiAny AddCartItem => new OpenApiObject
    {
        ["productId"] = new OpenApiString("PROD-12345"),
        ["sku"] = new OpenApiString("SKU-ABC-001"),
        ["quantity"] = new OpenApiInteger(2),
        ["warehouseId"] = new OpenApiString("US-WEST-01"),
    };

    public static IOpenApiAny UpdateCartItem => new OpenApiObject { ["quantity"] = new OpenApiInteger(3) };

    public static IOpenApiAny SubmitCheckout => new OpenApiObject
    {
        ["checkoutSessionId"] = new OpenApiString("CHK-3b1f0c9e2a7d4e58"),
        ["shippingAddress"] = Address(),
        ["billingAddress"] = Address(),
        ["paymentMethod"] = new OpenApiObject { ["id"] = new OpenApiString("PM-TEST-VISA"), ["type"] = new OpenApiString("credit_card") },
        ["shippingMethod"] = new OpenApiString("express"),
        ["promotionCodes"] = new OpenApiArray { new OpenApiString("SUMMER2024") },
        ["loyaltyPointsToUse"] = new OpenApiInteger(500),
        ["notes"] = new OpenApiString("Please deliver after 5 PM"),
    };

    public static IOpenApiAny PriceCheckout => new OpenApiObject
    {
        ["checkoutSessionId"] = new OpenApiString("CHK-3b1f0c9e2a7d4e58"),
        ["shippingAddress"] = Address(),
        ["shippingMethod"] = new OpenApiString("express"),
        ["promotionCodes"] = new OpenApiArray { new OpenApiString("SUMMER2024") },
        ["loyaltyPointsToUse"] = new OpenApiInteger(500),
    };

    private static OpenApiObject Address() => new()
    {
        ["street"] = new OpenApiString("123 Main St"),
        ["city"] = new OpenApiString("San Francisco"),
        ["state"] = new OpenApiString("CA"),
        ["zipCode"] = new OpenApiString("94105"),
        ["country"] = new OpenApiString("US"),
    };
}
