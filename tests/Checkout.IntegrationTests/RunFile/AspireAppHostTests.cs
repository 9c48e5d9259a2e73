using Aspire.Hosting.Testing;
using Checkout.Standalone;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>
/// The third way to run the mesh, `dotnet run --project src/AppHost`, as Aspire's own test
/// host runs it: the orchestrator starts the mesh, waits for the BFF's readiness, and the API answers.
/// </summary>
public sealed class AspireAppHostTests
{
    [Fact]
    public async Task The_app_host_starts_the_mesh_and_reports_it_healthy_once_the_api_answers()
    {
        var port = LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock);
        var data = Directory.CreateTempSubdirectory("checkout-aspire-");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--Mesh:Port={port}", $"--Mesh:Data={data.FullName}"]);
        await using var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("checkout-mesh", timeout.Token);

        using var http = app.CreateHttpClient("checkout-mesh", "bff");
        Assert.Equal(new Uri($"http://localhost:{port}"), http.BaseAddress);
        var product = await http.GetStringAsync(new Uri("/api/v1/products/PROD-12345", UriKind.Relative), timeout.Token);
        Assert.Contains("Premium Wireless Headphones", product, StringComparison.Ordinal);
        var traces = await http.GetStringAsync(new Uri("/dev/traces?format=text", UriKind.Relative), timeout.Token);
        Assert.Contains("bff GET /api/v1/products/{product_id}", traces, StringComparison.Ordinal);
    }
}
