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
    [SkippableFact]
    public async Task A_person_authorizes_swagger_ui_with_a_development_token_and_checks_out_from_the_page()
    {
        var tool = NodeTool.Require("browser", "Install Debian's chromium and run `npm ci` in tools/browser to drive Swagger UI.", "node_modules/playwright-core", "/usr/bin/chromium");

        await NodeTool.RunAsync(tool, TimeSpan.FromMinutes(3), "swagger-ui.mjs", mesh.Mesh.BffAddress);
    }
}
