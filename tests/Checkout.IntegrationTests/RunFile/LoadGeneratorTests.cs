using System.Text.Json;
using Checkout.Platform.Hosting;
using Checkout.Standalone;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>The load generator's options that change the shop before a run, against a mesh of its own.</summary>
public sealed class LoadGeneratorTests : OwnMesh
{
    // A load run is a script to the rate limits (the load generator's usage says so).
    protected override MeshOptions Configure(MeshOptions options) => options with { Arguments = [.. options.Arguments, "--Bff:RateLimits:Enabled=false"] };

    [Fact]
    public async Task Restock_gives_every_stock_line_the_shoppers_browse_the_units_asked_before_the_run()
    {
        var (exitCode, output, errors) = await ProcessRun.RunAsync(
            "dotnet",
            ["run", "--no-build", "--project", "bench/Checkout.LoadGenerator", "--", "--target", Mesh.BffAddress, "--inventory", Mesh.Addresses[AppIds.Inventory],
                "--restock", "777", "--shoppers", "1", "--duration", "1", "--mix", "browse=1,add=1,update=0,view=0,checkout=0"],
            TimeSpan.FromMinutes(2),
            workingDirectory: DaprConfiguration.Root);

        Assert.True(exitCode == 0, output + errors);
        var browsed = await BrowsedStockAsync(["1", "2"]);
        Assert.Contains($"Restocked {browsed.Count} stock lines to 777 units on hand.", output, StringComparison.Ordinal);
        // Nothing was reserved (the mix never checks out), so every line shows all it has.
        Assert.All(browsed, line => Assert.Equal(777, line.Available));
        // The product list's third page is not browsed, and keeps the seed's stock.
        Assert.All(await BrowsedStockAsync(["3"]), line => Assert.NotEqual(777, line.Available));
    }

    private async Task<List<(string Sku, string Warehouse, int Available)>> BrowsedStockAsync(string[] pages)
    {
        var lines = new List<(string, string, int)>();
        foreach (var page in pages)
        {
            using var list = JsonDocument.Parse(await Anonymous.GetStringAsync($"/api/v1/products?page={page}&pageSize=20"));
            foreach (var product in list.RootElement.GetProperty("products").EnumerateArray())
            {
                using var detail = JsonDocument.Parse(await Anonymous.GetStringAsync($"/api/v1/products/{product.GetProperty("productId").GetString()}"));
                lines.AddRange(detail.RootElement.GetProperty("availability").EnumerateArray()
                    .Select(a => (a.GetProperty("sku").GetString()!, a.GetProperty("warehouse").GetString()!, a.GetProperty("available").GetInt32())));
            }
        }

        Assert.NotEmpty(lines);
        return lines;
    }
}
