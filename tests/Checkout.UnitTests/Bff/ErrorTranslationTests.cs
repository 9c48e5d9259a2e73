using Checkout.Bff.Errors;
using Checkout.Bff.Validation;
using Checkout.Contracts.Bff.V1;
using Checkout.Platform.Errors;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkout.UnitTests.Bff;

public sealed class ErrorTranslationTests
{
    [Fact]
    public async Task A_services_resource_exhausted_reaches_a_client_as_an_internal_error_not_a_rate_limit()
    {
        var context = new TestCallContext();
        var interceptor = new ErrorTranslationInterceptor(NullLogger<ErrorTranslationInterceptor>.Instance);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request",
            context,
            (_, _) => throw new RpcException(new Status(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."))));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(ApiError.DefaultMessage(500), error.Status.Detail);
        Assert.Equal(new ApiError.Cause("INTERNAL", null), ApiError.CauseOf(context.Http));
    }

    [Theory]
    [InlineData("quantity", "quantity")]
    [InlineData("unitPrice", null)]
    [InlineData("customerId", null)]
    public async Task A_field_a_service_names_reaches_the_client_only_if_the_client_sent_it(string field, string? shown)
    {
        var context = new TestCallContext();
        var interceptor = new ErrorTranslationInterceptor(NullLogger<ErrorTranslationInterceptor>.Instance);

        await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<AddCartItemRequest, AddCartItemResponse>(
            new AddCartItemRequest { ProductId = "PROD-12345", Quantity = 0 },
            context,
            (_, _) => throw RpcErrors.ToRpcException(DomainErrors.InvalidArgument(field, $"{field} is wrong."), "cart")));

        Assert.Equal(new ApiError.Cause("INVALID_" + DomainErrors.ToReason(field), shown), ApiError.CauseOf(context.Http));
    }

    [Theory]
    [InlineData("productId", FieldLimits.IdLength)]
    [InlineData("shippingAddress.street", 200)]
    [InlineData("billingAddress.zipCode", 20)]
    [InlineData("notes", 500)]
    [InlineData("anythingElse", FieldLimits.DefaultMaxLength)]
    public void Every_text_field_has_a_limit(string path, int expected) => Assert.Equal(expected, FieldLimits.LengthOf(path));

    [Fact]
    public void A_nested_field_over_its_limit_is_named_by_its_json_path_and_not_repeated()
    {
        var request = new SubmitCheckoutRequest { CheckoutSessionId = "CHECKOUT-1", BillingAddress = new PostalAddress { Street = new string('s', 201) } };

        var error = Assert.Throws<DomainException>(() => FieldLimits.Check(request));

        Assert.Equal("INVALID_BILLING_ADDRESS.STREET", error.Reason);
        Assert.Equal("billingAddress.street may be at most 200 characters.", error.Message);
    }

    [Fact]
    public void Text_at_its_limit_passes()
    {
        FieldLimits.Check(new SubmitCheckoutRequest { CheckoutSessionId = new string('c', FieldLimits.IdLength), Notes = new string('n', 500), PromotionCodes = { Enumerable.Repeat("CODE", 10) } });
    }
}
