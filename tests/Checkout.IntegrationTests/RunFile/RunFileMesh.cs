using System.Diagnostics;
using System.Text;
using Checkout.DaprSidecarDouble;
using Checkout.Standalone;
using Grpc.Health.V1;
using Grpc.Net.Client;
using YamlDotNet.RepresentationModel;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>
/// What <c>dapr run -f</c> does with a run file, with a sidecar double in place of each
/// daprd (dapr/cli cmd/run.go <c>executeRun</c>, pkg/standalone/run.go <c>getEnv</c>): each app
/// is its own process, started by the file's <c>command</c> in its <c>appDirPath</c>, with the
/// process environment, the CLI's variables (APP_ID, APP_PORT, APP_PROTOCOL,
/// DAPR_GRPC_PORT, …) and the file's <c>env</c>. Three things differ, all so a test can run
/// beside anything else: each app gets a free port instead of its <c>appPort</c> and of its
/// <c>Checkout__MetricsPort</c>, and state files go to a temporary folder instead of the source tree.
/// </summary>
public sealed class RunFileMesh : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly List<(string AppId, Process Process, StringBuilder Output)> _processes = [];
    private readonly string _dataDirectory;

    private RunFileMesh(Sidecars sidecars, IReadOnlyDictionary<string, int> appPorts, string dataDirectory)
    {
        Sidecars = sidecars;
        AppPorts = appPorts;
        _dataDirectory = dataDirectory;
    }

    public Sidecars Sidecars { get; }

    public IReadOnlyDictionary<string, int> AppPorts { get; }

    /// <summary>The port each app that the file gives one serves /metrics on.</summary>
    public Dictionary<string, int> MetricsPorts { get; } = [];

    public string BffAddress => $"http://127.0.0.1:{AppPorts["bff"]}";

    /// <summary>What every app wrote to its console, for a failing test to show.</summary>
    public string Output => string.Join("\n", _processes.Select(p => $"--- {p.AppId} (exit {(p.Process.HasExited ? p.Process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running")})\n{p.Output}"));

    public static async Task<RunFileMesh> StartAsync(string runFile)
    {
        var run = DaprConfiguration.Document(runFile);
        var apps = run.Items("apps").Cast<YamlMappingNode>().ToList();
        var appPorts = apps.ToDictionary(a => a.Text("appID")!, _ => LoopbackPorts.Next());
        var endpoints = apps.ToDictionary(a => a.Text("appID")!, a => new AppEndpoint($"http://127.0.0.1:{appPorts[a.Text("appID")!]}", Grpc: a.Text("appProtocol") == "grpc"));
        var sidecars = await Sidecars.StartAsync(endpoints, endpoints.Keys.ToDictionary(id => id, _ => LoopbackPorts.Next()), DaprConfiguration.Resources(runFile));
        var mesh = new RunFileMesh(sidecars, appPorts, Directory.CreateTempSubdirectory("checkout-runfile-").FullName);
        try
        {
            var common = Env(run.Get("common", "env"));
            foreach (var app in apps)
            {
                mesh.Start(app, common);
            }

            await mesh.WaitUntilReadyAsync(endpoints);
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }

        return mesh;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process, _) in _processes)
        {
            if (!process.HasExited)
            {
                // `dotnet run` starts the app as a child process: end the whole tree.
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        await Sidecars.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private void Start(YamlMappingNode app, IReadOnlyDictionary<string, string> common)
    {
        var appId = app.Text("appID")!;
        var command = app.Items("command").Select(c => c.ToString()).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Path.GetFullPath(Path.Combine(DaprConfiguration.Root, app.Text("appDirPath")!)),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        var environment = new Dictionary<string, string>
        {
            ["APP_ID"] = appId,
            ["APP_CHANNEL_ADDRESS"] = string.Empty,
            ["APP_PORT"] = AppPorts[appId].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["APP_PROTOCOL"] = app.Text("appProtocol")!,
            ["DAPR_GRPC_PORT"] = Sidecars.Ports[appId].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DAPR_HTTP_PORT"] = LoopbackPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DAPR_METRICS_PORT"] = LoopbackPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in common.Concat(Env(app.Get("env"))))
        {
            environment[name] = value;
        }

        if (environment.ContainsKey("Checkout__MetricsPort"))
        {
            MetricsPorts[appId] = LoopbackPorts.Next();
            environment["Checkout__MetricsPort"] = MetricsPorts[appId].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        environment["Checkout__DataDirectory"] = Path.Combine(_dataDirectory, appId);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{appId} did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((appId, process, output));
    }

    /// <summary>Every gRPC app answers its health check and the BFF its /healthz; an app that exits fails the start.</summary>
    private async Task WaitUntilReadyAsync(IReadOnlyDictionary<string, AppEndpoint> endpoints)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        using var http = new HttpClient();
        foreach (var (appId, endpoint) in endpoints)
        {
            using var channel = GrpcChannel.ForAddress(endpoint.Address);
            while (true)
            {
                var process = _processes.Single(p => p.AppId == appId).Process;
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{appId} exited while starting.\n{Output}");
                }

                try
                {
                    if (endpoint.Grpc)
                    {
                        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: timeout.Token);
                    }
                    else
                    {
                        (await http.GetAsync($"{endpoint.Address}/healthz", timeout.Token)).EnsureSuccessStatusCode();
                    }

                    break;
                }
                catch (Exception) when (!timeout.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
                }
            }
        }
    }

    private static Dictionary<string, string> Env(YamlNode? env) =>
        env is YamlMappingNode mapping ? mapping.Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString()) : [];

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
