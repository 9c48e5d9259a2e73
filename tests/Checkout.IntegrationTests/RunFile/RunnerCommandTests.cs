using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Checkout.Standalone;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>
/// README's first command as a newcomer meets it: --help prints the options, a second mesh
/// starts beside the first with its own --port and --data, and a port that is taken is one
/// clear line, not a stack trace.
/// </summary>
public sealed class RunnerCommandTests
{
    [Fact]
    public async Task A_port_in_use_is_named_in_one_line_with_the_way_out_and_nothing_starts()
    {
        var bff = LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock);
        using var squatter = new TcpListener(IPAddress.Loopback, bff + 5);
        squatter.Start();

        var (exitCode, output, errors) = await RunAsync("--port", bff.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", Directory.CreateTempSubdirectory("busy-port").FullName);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Port {bff + 5} (order) is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--port N", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public async Task Help_prints_the_options_and_starts_nothing()
    {
        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.All(new[] { "--port N", "--data DIR", "--Section:Key=value" }, option => Assert.Contains(option, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_mesh_starts_beside_the_first_on_its_own_ports_and_data()
    {
        var ports = new[] { LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock), LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock) };
        var meshes = ports.Select(port => StartMesh(port, Directory.CreateTempSubdirectory($"mesh-{port}").FullName)).ToList();
        try
        {
            using var http = new HttpClient();
            foreach (var port in ports)
            {
                Assert.Equal("Healthy", await HealthyAsync(http, port));
                // Catalog takes the port after the BFF's, and answers there with its own seeded data.
                using var catalog = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{port + 1}");
                var products = await new Checkout.Contracts.Catalog.V1.CatalogService.CatalogServiceClient(catalog).ListProductsAsync(new Checkout.Contracts.Catalog.V1.ListProductsRequest());
                Assert.True(products.TotalCount > 0);
            }
        }
        finally
        {
            foreach (var mesh in meshes)
            {
                mesh.Kill(entireProcessTree: true);
                await mesh.WaitForExitAsync();
                mesh.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_load_generators_help_prints_its_options_and_what_refused_means()
    {
        var (exitCode, output, _) = await ProcessRun.RunAsync("dotnet", ["run", "--no-build", "--project", "bench/Checkout.LoadGenerator", "--", "--help"], TimeSpan.FromMinutes(2), workingDirectory: DaprConfiguration.Root);

        Assert.Equal(0, exitCode);
        Assert.All(new[] { "--shoppers N", "--duration SECONDS", "refused" }, text => Assert.Contains(text, output, StringComparison.Ordinal));
    }

    /// <summary>The runner's default level is Warning; the command line or the environment turns it up.</summary>
    [Theory]
    [InlineData("command line")]
    [InlineData("environment")]
    public async Task Log_lines_are_single_lines_that_start_with_a_utc_timestamp(string levelFrom)
    {
        var start = StandaloneRunner.StartInfo(LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock), Directory.CreateTempSubdirectory("log-lines").FullName);
        if (levelFrom == "command line")
        {
            start.ArgumentList.Add("--Logging:LogLevel:Default=Information");
        }
        else
        {
            start.Environment["Logging__LogLevel__Default"] = "Information";
        }

        using var mesh = Process.Start(start)!;
        mesh.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            string? line;
            while ((line = await mesh.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.Contains(" info: ", StringComparison.Ordinal))
            {
            }

            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info: ", line);
        }
        finally
        {
            mesh.Kill(entireProcessTree: true);
            await mesh.WaitForExitAsync();
        }
    }

    private static Process StartMesh(int port, string data)
    {
        var process = Process.Start(StandaloneRunner.StartInfo(port, data))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The BFF's /healthz once it answers (the mesh takes a few seconds to start).</summary>
    private static async Task<string> HealthyAsync(HttpClient http, int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            try
            {
                return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"), timeout.Token);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    private static Task<ProcessRun.Result> RunAsync(params string[] args) =>
        ProcessRun.RunAsync("dotnet", ["run", "--no-build", "--project", "src/Standalone", "--", .. args], TimeSpan.FromMinutes(2), workingDirectory: DaprConfiguration.Root);
}
