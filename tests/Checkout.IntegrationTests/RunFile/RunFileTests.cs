using System.Net;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>
/// dapr.yaml as `dotnet build &amp;&amp; dapr run -f .` runs it: thirteen processes started by the
/// file's own commands (the build is the one `dotnet test` just did), each with its own
/// sidecar double loading the file's resources, and the whole checkout through the BFF.
/// </summary>
[Collection(RunFileCollection.Name)]
public sealed class RunFileTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_run_file_starts_thirteen_processes_that_complete_a_checkout_with_every_consumers_effect()
    {
        await using var mesh = await RunFileMesh.StartAsync("dapr.yaml");
        using var anonymous = new HttpClient { BaseAddress = new Uri(mesh.BffAddress) };
        try
        {
            using var shopper = await Shopper.CreateAsync(mesh.BffAddress, anonymous, "CUST-12345");
            await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 2);
            var session = await shopper.InitiateSessionAsync();
            // No promotion code: these processes run on the real clock, and the codes end in 2028.
            var order = await (await shopper.SubmitAsync(Shopper.Body(session, "PM-001", loyaltyPointsToUse: 500), "run-file-1")).ReadAsync(HttpStatusCode.Created);
            var orderId = order.GetProperty("orderId").GetString()!;
            Assert.Equal(500, order.GetProperty("loyalty").GetProperty("pointsUsed").GetInt32());

            var created = $"evt-{orderId}-created";
            await Task.WhenAll(
                new[] { AppIds.Cart, AppIds.Bff, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order }
                    .Select(app => mesh.Sidecars.Broker.WhenDeliveredAsync(app, created))
                    .Append(mesh.Sidecars.Broker.WhenDeliveredAsync(AppIds.Shipping, $"evt-{orderId}-processing")))
                .WaitAsync(EventTimeout);

            var processing = await shopper.OrderAsync(orderId);
            Assert.Equal("PROCESSING", processing.GetProperty("status").GetString());
            // Shipping told the order its tracking number, through its sidecar.
            Assert.StartsWith("TRK", processing.GetProperty("shipping").GetProperty("trackingNumber").GetString(), StringComparison.Ordinal);
            Assert.Empty((await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());
            var state = mesh.Sidecars.State.Snapshot();
            Assert.Contains($"order||order:{orderId}", state.Keys);
            Assert.Contains(orderId, Text(state, "customer||history:CUST-12345"), StringComparison.Ordinal);
            Assert.Contains(orderId, Text(state, "notification||notifications:CUST-12345"), StringComparison.Ordinal);
            Assert.Contains($"shipping||shipment:{orderId}", state.Keys);
            Assert.Contains($"analytics||processed:{created}", state.Keys);
            Assert.Contains("\"orderCount\":1", Text(state, "analytics||behavior:CUST-12345"), StringComparison.Ordinal);
            Assert.DoesNotContain(mesh.Sidecars.Wire.Calls, c => c.Api is "Lost" or "DeadLetter" or "SubscriptionRefused" or "SubscriptionsUnavailable");

            // The BFF's own process serves the storefront beside the API.
            var storefront = await anonymous.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, storefront.StatusCode);
            Assert.Contains("Checkout mesh shop", await storefront.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("text/javascript", (await anonymous.GetAsync("/js/app.js")).Content.Headers.ContentType?.MediaType);

            // Each service, its own process, serves its own metrics on the port the file gives it.
            Assert.Equal(12, mesh.MetricsPorts.Count);
            using var scraper = new HttpClient();
            foreach (var (app, port) in mesh.MetricsPorts)
            {
                var scrape = await scraper.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
                Assert.Contains($"service_name=\"{app}\"", scrape, StringComparison.Ordinal);
            }

            var checkoutMetrics = await scraper.GetStringAsync(new Uri($"http://127.0.0.1:{mesh.MetricsPorts[AppIds.Checkout]}/metrics"));
            Assert.Contains("checkout_confirmed_total{otel_scope_name=\"Checkout\",otel_scope_checkout_app=\"checkout\"} 1", checkoutMetrics, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{mesh.Output}", ex);
        }
    }

    private static string Text(IReadOnlyDictionary<string, DaprSidecarDouble.StateBackend.Entry> state, string key) =>
        state.TryGetValue(key, out var entry) ? System.Text.Encoding.UTF8.GetString(entry.Value) : string.Empty;
}

/// <summary>Thirteen processes are enough for two cores: the run-file test runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunFileCollection
{
    public const string Name = "run-file";
}
