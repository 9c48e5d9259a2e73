using System.Net;

namespace Checkout.IntegrationTests.ForeignClients;

/// <summary>
/// Swagger UI in Debian's Chromium, driven by playwright-core (tools/browser/swagger-ui.mjs):
/// a development token from the page, Authorize, and the walkthrough from add to cart to the
/// confirmed order. Needs /usr/bin/chromium and <c>npm ci</c> in tools/browser (.ci/run
/// installs both and requires the test to run).
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class SwaggerUiTests(MeshFixture mesh)
{
    [Fact]
    public async Task Swagger_ui_and_its_document_are_served_under_swagger_whatever_the_case()
    {
        // The documentation's middleware sees only /swagger requests (ApiDocumentation); the
        // UI's own matching ignores case, so the branch must too.
        foreach (var path in new[] { "/swagger/index.html", "/SWAGGER/index.html" })
        {
            var page = await mesh.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }

        var document = await mesh.Anonymous.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task A_person_authorizes_swagger_ui_with_a_development_token_and_checks_out_from_the_page()
    {
        var tool = NodeTool.Require("browser", "Install Debian's chromium and run `npm ci` in tools/browser to drive Swagger UI.", "node_modules/playwright-core", "/usr/bin/chromium");

        await NodeTool.RunAsync(tool, TimeSpan.FromMinutes(3), "swagger-ui.mjs", mesh.Mesh.BffAddress);
    }
}
