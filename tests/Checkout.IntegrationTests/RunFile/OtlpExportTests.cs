using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Checkout.Standalone;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>
/// With OTEL_EXPORTER_OTLP_ENDPOINT set, the standalone runner sends traces, metrics and logs
/// to the user's collector, each app under its own service name. The collector here is a
/// plain HTTP endpoint that keeps what OTLP/HTTP (protobuf) posts to it.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Every_signal_goes_to_the_collector_under_each_apps_service_name()
    {
        var received = new ConcurrentQueue<(string Signal, string Body)>();
        var collectorPort = LoopbackPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{collectorPort}");
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            // Protobuf keeps strings as UTF-8 bytes: the service names can be read in it.
            received.Enqueue((signal, Encoding.UTF8.GetString(body.ToArray())));
            return Results.Ok();
        });
        await collector.StartAsync();

        var port = LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock);
        var start = StandaloneRunner.StartInfo(port, Directory.CreateTempSubdirectory("otlp").FullName, "--Logging:LogLevel:Default=Information");
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{collectorPort}";
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Export within the test's patience: spans and logs every 100 ms, metrics every 500 ms.
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        start.Environment["OTEL_BLRP_SCHEDULE_DELAY"] = "100";
        start.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        using var mesh = Process.Start(start)!;
        mesh.BeginOutputReadLine();
        mesh.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (true)
            {
                try
                {
                    // A product page: the BFF calls Catalog, Inventory and Promotion.
                    using var product = await http.GetAsync(new Uri("/api/v1/products/PROD-12345", UriKind.Relative), timeout.Token);
                    if (product.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100, timeout.Token);
            }

            bool Has(string signal, string text) => received.Any(r => r.Signal == signal && r.Body.Contains(text, StringComparison.Ordinal));
            while (!(Has("traces", "bff") && Has("traces", "catalog") && Has("traces", "GetProduct") && Has("metrics", "http.server.request.duration") && Has("logs", "bff")))
            {
                await Task.Delay(100, timeout.Token);
            }
        }
        finally
        {
            mesh.Kill(entireProcessTree: true);
            await mesh.WaitForExitAsync();
        }
    }
}
