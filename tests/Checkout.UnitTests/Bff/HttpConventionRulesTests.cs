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
}
