using System.Net;
using Checkout.Standalone;

namespace Checkout.IntegrationTests.ForeignClients;

/// <summary>
/// The storefront (src/Storefront) in Debian's Chromium, driven by playwright-core
/// (tools/browser/storefront.mjs): browse, two products, a quantity, checkout with a promotion
/// and points, the order reaching PROCESSING with its tracking number on its page; a declined
/// card, then a new card through the card gateway; a lost answer, a double click and a reload making one order. It spends
/// the demo customer's points, so it has a mesh of its own. It takes the README's screenshots:
/// into <c>CHECKOUT_SCREENSHOTS</c> when set (<c>docs/images</c> refreshes them), else a
/// temporary folder.
/// </summary>
public sealed class StorefrontTests : OwnMesh
{
    private static readonly string[] Pages = ["catalog", "product", "cart", "checkout", "order", "orders"];

    protected override MeshOptions Configure(MeshOptions options) => options;

    [Fact]
    public async Task The_bff_serves_the_storefront_with_a_policy_that_allows_only_its_own_origin_and_the_card_gateway()
    {
        var page = await Anonymous.GetAsync("/");
        var script = await Anonymous.GetAsync("/js/pages/checkout.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        // The page learns the card gateway from its host, and may send a card number there only.
        var settings = await Anonymous.GetAsync("/storefront.json");
        var gateway = new Uri((await settings.ReadAsync(HttpStatusCode.OK)).GetProperty("cardGateway").GetString()!);
        Assert.Equal("/gateway/v1/tokens", gateway.AbsolutePath);
        Assert.Contains($"connect-src 'self' {gateway.GetLeftPart(UriPartial.Authority)};", settings.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // The API keeps answering as before beside the files.
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/api/v1/products/PROD-12345")).StatusCode);
    }

    [SkippableFact]
    public async Task A_shopper_browses_checks_out_pays_with_a_new_card_after_a_decline_and_places_one_order_per_submission()
    {
        var tool = NodeTool.Require("browser", "Install Debian's chromium and run `npm ci` in tools/browser to drive the storefront.", "node_modules/playwright-core", "/usr/bin/chromium");
        var shots = Environment.GetEnvironmentVariable("CHECKOUT_SCREENSHOTS") is { Length: > 0 } folder
            ? Path.GetFullPath(folder, DaprConfiguration.Root)
            : Directory.CreateTempSubdirectory("checkout-storefront-").FullName;

        await NodeTool.RunAsync(tool, TimeSpan.FromMinutes(4), "storefront.mjs", Mesh.BffAddress, shots);

        Assert.All(Pages, name => Assert.True(new FileInfo(Path.Combine(shots, $"storefront-{name}.png")).Length > 10_000, name));
    }
}
