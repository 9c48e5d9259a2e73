using System.Diagnostics;

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
        var tool = Path.Combine(DaprConfiguration.Root, "tools", "browser");
        var installed = Directory.Exists(Path.Combine(tool, "node_modules", "playwright-core")) && File.Exists("/usr/bin/chromium");
        Skip.If(!installed && Environment.GetEnvironmentVariable("CHECKOUT_FOREIGN_CLIENTS") != "required", "Install Debian's chromium and run `npm ci` in tools/browser to drive Swagger UI.");
        Assert.True(installed, "chromium or tools/browser/node_modules is missing: .ci/run installs them.");

        var start = new ProcessStartInfo("node") { WorkingDirectory = tool, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("swagger-ui.mjs");
        start.ArgumentList.Add(mesh.Mesh.BffAddress);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(node.ExitCode == 0, $"{await output}\n{await errors}");
        Assert.Contains("every check held", await output, StringComparison.Ordinal);
    }
}
