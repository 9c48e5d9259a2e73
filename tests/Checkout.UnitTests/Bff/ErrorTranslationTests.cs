using Checkout.Bff.Errors;
using Checkout.Bff.Validation;
using Checkout.Contracts.Bff.V1;
using Checkout.Platform.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkout.UnitTests.Bff;

public sealed class ErrorTranslationTests
{
    [Fact]
    public async Task A_services_resource_exhausted_reaches_a_client_as_an_internal_error_not_a_rate_limit()
    {
        var context = new CallContext();
        var interceptor = new ErrorTranslationInterceptor(NullLogger<ErrorTranslationInterceptor>.Instance);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request",
            context,
            (_, _) => throw new RpcException(new Status(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."))));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(ApiError.DefaultMessage(500), error.Status.Detail);
        Assert.Equal("INTERNAL", context.Http.Items[ApiError.ReasonItemKey]);
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

        var error = Assert.Throws<RpcException>(() => FieldLimits.Check(request));

        Assert.Equal("INVALID_BILLING_ADDRESS.STREET", RpcErrors.ReasonOf(error));
        Assert.Equal("billingAddress.street may be at most 200 characters.", error.Status.Detail);
    }

    [Fact]
    public void Text_at_its_limit_passes()
    {
        FieldLimits.Check(new SubmitCheckoutRequest { CheckoutSessionId = new string('c', FieldLimits.IdLength), Notes = new string('n', 500), PromotionCodes = { Enumerable.Repeat("CODE", 10) } });
    }

    /// <summary>A call context carrying an HttpContext the way grpc-dotnet finds one in tests (UserState "__HttpContext").</summary>
    private sealed class CallContext : ServerCallContext
    {
        public DefaultHttpContext Http { get; } = new();

        protected override string MethodCore => "/checkout.bff.v1.OrderApiService/ListOrders";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore => [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore => [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override IDictionary<object, object> UserStateCore => field ??= new Dictionary<object, object> { ["__HttpContext"] = Http };

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
