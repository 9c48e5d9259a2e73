using System.Net;
using System.Net.Http.Json;
using Checkout.Standalone;

namespace Checkout.IntegrationTests;

/// <summary>
/// The BFF's rate limits with their defaults, over real HTTP: a script is cut off with 429 in
/// the API's error shape, a person is not, and each client is counted apart. The limits are
/// fixed windows of a minute, so each test sends until refused and checks that the refusal
/// came neither early (before the limit) nor late (within two windows' worth).
/// </summary>
public sealed class RateLimitTests : OwnMesh
{
    /// <summary>The defaults, as the standalone runner starts with them.</summary>
    protected override MeshOptions Configure(MeshOptions options) => options with { Arguments = [] };

    /// <summary>How many of up to <paramref name="most"/> calls answer before the first 429, which it returns.</summary>
    private static async Task<(int Answered, HttpResponseMessage Refused)> UntilRefusedAsync(Func<Task<HttpResponseMessage>> call, int most)
    {
        for (var answered = 0; answered < most; answered++)
        {
            var response = await call();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (answered, response);
            }

            response.Dispose();
        }

        throw new Xunit.Sdk.XunitException($"{most} calls in a row were all answered.");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage refused)
    {
        using (refused)
        {
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 60);
            await refused.ErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        }
    }

    [Fact]
    public async Task Three_hundred_calls_in_a_row_from_one_customer_are_cut_off_and_another_customer_is_not()
    {
        using var script = await ShopperAsync();
        using var person = await ShopperAsync();

        var (answered, refused) = await UntilRefusedAsync(() => script.Client.GetAsync(new Uri("/api/v1/cart", UriKind.Relative)), 300);

        Assert.InRange(answered, 120, 239);
        await AssertRefusedAsync(refused);
        using var other = await person.Client.GetAsync(new Uri("/api/v1/cart", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_address_is_cut_off_but_probes_and_a_signed_in_customer_from_it_are_not()
    {
        using var customer = await ShopperAsync();

        var (answered, refused) = await UntilRefusedAsync(() => Anonymous.GetAsync(new Uri("/api/v1/products/PROD-12345", UriKind.Relative)), 300);

        Assert.InRange(answered, 119, 239);
        await AssertRefusedAsync(refused);
        using var signedIn = await customer.Client.GetAsync(new Uri("/api/v1/products/PROD-12345", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        for (var i = 0; i < 150; i++)
        {
            using var probe = await Anonymous.GetAsync(new Uri("/alive", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }
    }

    [Fact]
    public async Task Submits_beyond_ten_a_minute_are_refused_before_they_reach_checkout()
    {
        using var shopper = await ShopperAsync();

        var (answered, refused) = await UntilRefusedAsync(() => shopper.SubmitAsync(Shopper.Body("CHECKOUT-NONE")), 40);

        Assert.InRange(answered, 10, 19);
        await AssertRefusedAsync(refused);
        // Other calls of the same customer still go through.
        using var cart = await shopper.Client.GetAsync(new Uri("/api/v1/cart", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
    }

    [Fact]
    public async Task Initiations_beyond_twenty_a_minute_are_refused()
    {
        using var shopper = await ShopperAsync();

        var (answered, refused) = await UntilRefusedAsync(shopper.InitiateAsync, 60);

        Assert.InRange(answered, 20, 39);
        await AssertRefusedAsync(refused);
    }

    [Fact]
    public async Task Development_tokens_beyond_twenty_a_minute_from_one_address_are_refused()
    {
        var (answered, refused) = await UntilRefusedAsync(() => Anonymous.PostAsJsonAsync("/api/v1/dev/token", new { customerId = "CUST-SCRIPT" }), 60);

        Assert.InRange(answered, 20, 39);
        await AssertRefusedAsync(refused);
    }
}
