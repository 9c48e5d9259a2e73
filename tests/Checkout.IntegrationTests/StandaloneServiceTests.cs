using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;
using Checkout.Standalone;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

/// <summary>
/// README: each service can also run on its own (<c>dotnet run --project src/Services/Cart</c>).
/// Started with nothing configured but its own address and data directory, every service
/// starts, seeds what it owns and answers liveness; none needs another's address to start.
/// </summary>
public sealed class StandaloneServiceTests
{
    [Theory]
    [MemberData(nameof(ServiceGrpcTests.Services), MemberType = typeof(ServiceGrpcTests))]
    public async Task Every_service_starts_alone_and_is_alive(string appId)
    {
        var data = Directory.CreateTempSubdirectory($"alone-{appId}");
        var address = $"http://127.0.0.1:{LoopbackPorts.Next()}";
        var metricsPort = LoopbackPorts.Next();
        await using var app = Mesh.Apps[appId](["--urls", address], new HostOverrides
        {
            Configuration = new Dictionary<string, string?>
            {
                [ServiceHost.DataDirectoryKey] = data.FullName,
                [TelemetryHosting.MetricsPortKey] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        // A start that fails says why here (a temporary directory is left behind).
        await app.StartAsync();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);

            // Alive; ready only once the services it calls run too (readiness follows them).
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = ServiceHost.LivenessService });

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            // Reflection lists the administrative RPCs too: off unless configured.
            using var reflection = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(channel)
                .ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30)); // were it on, it would wait for a request
            // The refusal is read, not written: the server answers a stream it has no method for
            // at once, and a write racing that answer fails as Cancelled, whatever the server said.
            var off = await Assert.ThrowsAsync<Grpc.Core.RpcException>(
                () => reflection.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(Grpc.Core.StatusCode.Unimplemented, off.StatusCode);

            // Its metrics, for a scraper speaking HTTP/1.1, beside the HTTP/2-only gRPC port.
            using var http = new HttpClient();
            var scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}{TelemetryHosting.MetricsPath}"));
            Assert.Contains($"service_name=\"{appId}\"", scrape, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }
}
