using Checkout.Bff.Conventions;
using Checkout.Bff.Errors;
using Checkout.Contracts.Versions;

namespace Checkout.UnitTests.Bff;

public sealed class HttpConventionRulesTests
{
    [Theory]
    [InlineData("http://localhost:5173", true)]
    [InlineData("http://LOCALHOST:3000", true)]
    [InlineData("http://127.0.0.1:8081", true)]
    [InlineData("https://localhost:5173", false)]
    [InlineData("http://localhost.evil.example:5173", false)]
    [InlineData("http://127.0.0.2:8081", false)]
    [InlineData("http://localhost:5173/path", false)]
    [InlineData("null", false)]
    public void The_development_origins_are_any_port_on_the_loopback_names_over_http(string origin, bool allowed) =>
        Assert.Equal(allowed, CorsOrigins.IsAllowed(origin, CorsOrigins.Development));

    [Fact]
    public void No_origin_is_allowed_unless_configured_and_a_configured_one_matches_exactly()
    {
        Assert.False(CorsOrigins.IsAllowed("https://shop.example.com", []));
        Assert.True(CorsOrigins.IsAllowed("https://shop.example.com", ["https://shop.example.com/"]));
        Assert.False(CorsOrigins.IsAllowed("https://shop.example.com:8443", ["https://shop.example.com"]));
    }

    [Theory]
    [InlineData(503, "SERVICE_UNAVAILABLE", 2)]
    [InlineData(409, "SESSION_BUSY", 1)]
    [InlineData(409, "REQUEST_IN_PROGRESS", 1)]
    [InlineData(409, "CONCURRENT_UPDATE", 1)]
    [InlineData(409, "CHECKOUT_IN_PROGRESS", null)]
    [InlineData(400, "SESSION_BUSY", null)]
    [InlineData(500, "INTERNAL", null)]
    public void Retry_after_is_advised_only_where_the_same_request_can_succeed_later(int status, string reason, int? seconds) =>
        Assert.Equal(seconds, RetryAfter.SecondsFor(status, reason));

    [Fact]
    public void A_stale_cart_is_412_and_other_reasons_keep_their_status() =>
        Assert.Equal((412, 400), (ApiError.HttpStatusOf("CART_CHANGED", 400), ApiError.HttpStatusOf("OUT_OF_STOCK", 400)));

    [Theory]
    [InlineData("", true)]
    [InlineData("*", true)]
    [InlineData("\"abc\"", true)]
    [InlineData("\"old\", \"abc\"", true)]
    [InlineData("\"old\"", false)]
    [InlineData("W/\"abc\"", false)]
    public void If_match_compares_strongly_and_accepts_a_list_or_any(string ifMatch, bool matches) =>
        Assert.Equal(matches, CartETags.Matches(ifMatch, "\"abc\""));

    [Fact]
    public void A_cart_tag_changes_with_the_cart_and_not_otherwise()
    {
        var cart = new Checkout.Contracts.Cart.V1.Cart { CartId = "CART-1", CustomerId = "CUST-1" };
        var same = cart.Clone();
        var changed = cart.Clone();
        changed.Items.Add(new Checkout.Contracts.Cart.V1.CartItem { ItemId = "CART_ITEM-001", Quantity = 1 });

        Assert.Equal(CartETags.Of(cart), CartETags.Of(same));
        Assert.NotEqual(CartETags.Of(cart), CartETags.Of(changed));
        Assert.Matches("^\"[0-9a-f]{24}\"$", CartETags.Of(cart));
    }

    [Fact]
    public void The_cors_policy_lets_a_browser_send_what_the_api_reads_and_read_what_it_answers()
    {
        var builder = new Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder();
        CorsOrigins.Configure(builder, CorsOrigins.Development);
        var policy = builder.Build();

        Assert.Equal(["GET", "POST", "PUT", "DELETE"], policy.Methods);
        Assert.Equal(["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "traceparent"], policy.Headers);
        Assert.Equal(["ETag", "Location", "Retry-After", "Idempotent-Replayed", "X-Trace-Id"], policy.ExposedHeaders);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.PreflightMaxAge);
        Assert.True(policy.IsOriginAllowed("http://localhost:5173"));
        Assert.False(policy.IsOriginAllowed("https://evil.example"));
    }

    [Theory]
    [InlineData(400, "INVALID_REQUEST")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "FORBIDDEN")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(405, "METHOD_NOT_ALLOWED")]
    [InlineData(409, "CONFLICT")]
    [InlineData(412, "PRECONDITION_FAILED")]
    [InlineData(413, "PAYLOAD_TOO_LARGE")]
    [InlineData(414, "URI_TOO_LONG")]
    [InlineData(415, "UNSUPPORTED_MEDIA_TYPE")]
    [InlineData(431, "HEADERS_TOO_LARGE")]
    [InlineData(429, "RATE_LIMITED")]
    [InlineData(501, "NOT_IMPLEMENTED")]
    [InlineData(503, "SERVICE_UNAVAILABLE")]
    [InlineData(504, "TIMEOUT")]
    [InlineData(500, "INTERNAL")]
    [InlineData(502, "INTERNAL")]
    [InlineData(418, "REQUEST_FAILED")]
    [InlineData(499, "REQUEST_FAILED")]
    public void An_http_status_without_a_reason_gets_its_default(int status, string reason) =>
        Assert.Equal(reason, ApiError.DefaultReason(status));

    [Theory]
    [InlineData(401, "A valid bearer token is required.")]
    [InlineData(403, "This token may not do that.")]
    [InlineData(404, "No such resource.")]
    [InlineData(405, "This method is not allowed here.")]
    [InlineData(415, "Send the body as application/json.")]
    [InlineData(501, "This endpoint is not built yet.")]
    [InlineData(503, "A service this request needs is unavailable; try again shortly.")]
    [InlineData(504, "A service this request needs did not answer in time; try again shortly.")]
    [InlineData(500, "An unexpected error occurred.")]
    [InlineData(502, "An unexpected error occurred.")]
    [InlineData(400, "The request failed.")]
    [InlineData(499, "The request failed.")]
    public void An_http_status_without_a_message_gets_its_default(int status, string message) =>
        Assert.Equal(message, ApiError.DefaultMessage(status));

    [Fact]
    public void A_remembered_cause_is_what_the_error_body_shows()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        Assert.Null(ApiError.CauseOf(context));

        ApiError.Remember(context, "OUT_OF_STOCK", "quantity");

        Assert.Equal(new ApiError.Cause("OUT_OF_STOCK", "quantity"), ApiError.CauseOf(context));
    }

    [Theory]
    [InlineData(0, "Out of stock: SKU-1 has 2 available in W1, 3 requested.")]
    [InlineData(1, "Out of stock: SKU-1 has 2 available in W1, 3 requested (1 already in your cart).")]
    public void Out_of_stock_says_what_is_already_in_the_cart_only_when_something_is(int alreadyInCart, string message) =>
        Assert.Equal(message, Checkout.Contracts.Limits.StockWording.OutOfStock([Checkout.Contracts.Limits.StockWording.Shortage("SKU-1", 2, "W1", 3)], alreadyInCart));

    [Fact]
    public void Out_of_stock_lists_every_short_line() =>
        Assert.Equal(
            "Out of stock: A has 0 available in W1, 1 requested; B has 1 available in W2, 2 requested.",
            Checkout.Contracts.Limits.StockWording.OutOfStock([Checkout.Contracts.Limits.StockWording.Shortage("A", 0, "W1", 1), Checkout.Contracts.Limits.StockWording.Shortage("B", 1, "W2", 2)]));
}
