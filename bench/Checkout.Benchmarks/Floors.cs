using System.Diagnostics;
using Checkout.Standalone;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Checkout.Benchmarks;

/// <summary>
/// The machine's floors, measured in the same run as what is compared with them (each in a
/// process of its own, <see cref="FloorProcess"/>): the cheapest unary gRPC call Grpc.AspNetCore can serve (a health check that answers SERVING
/// at once: protobuf in and out, nothing else) on loopback h2c, as our services are served.
/// </summary>
public sealed class EchoFloor : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoFloor(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public static async Task<EchoFloor> StartAsync()
    {
        var port = LoopbackPorts.NextBlock(1);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<Echo>();
        await app.StartAsync();
        return new EchoFloor(app, $"http://localhost:{port}");
    }

    /// <summary>What <paramref name="callers"/> concurrent callers get from the echo in <paramref name="duration"/>.</summary>
    public async Task<Rate> MeasureAsync(int callers, TimeSpan duration)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var client = new Health.HealthClient(channel);
        return await Load.MeasureAsync(callers, duration, async (_, _) =>
        {
            await client.CheckAsync(new HealthCheckRequest());
            return 1;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Echo : Health.HealthBase
    {
        private static readonly HealthCheckResponse Serving = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

        public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Task.FromResult(Serving);
    }
}

/// <summary>
/// The other floor: the cheapest JSON request Kestrel serves, a minimal-API endpoint over
/// HTTP/1.1 on loopback (as the BFF is served), called through one HttpClient.
/// </summary>
public sealed class KestrelFloor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private KestrelFloor(WebApplication app, int port)
    {
        _app = app;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static async Task<KestrelFloor> StartAsync()
    {
        var port = LoopbackPorts.NextBlock(1);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapGet("/floor", () => Results.Json(new FloorReply("ok", 1)));
        await app.StartAsync();
        return new KestrelFloor(app, port);
    }

    /// <summary>What <paramref name="callers"/> concurrent callers get in <paramref name="duration"/>.</summary>
    public Task<Rate> MeasureAsync(int callers, TimeSpan duration) =>
        Load.MeasureAsync(callers, duration, async (_, _) =>
        {
            using var response = await _http.GetAsync("/floor");
            await response.Content.ReadAsByteArrayAsync();
            return 1;
        });

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record FloorReply(string Status, int Value);
}

/// <summary>Closed-loop load: each caller runs its next iteration as soon as the last ends.</summary>
public static class Load
{
    /// <param name="callers">How many callers run at once.</param>
    /// <param name="duration">How long the counted part lasts (after half a second of warm-up).</param>
    /// <param name="iteration">One iteration of a caller (caller index, iteration index, negative in the warm-up); returns how many calls it made.</param>
    public static async Task<Rate> MeasureAsync(int callers, TimeSpan duration, Func<int, int, Task<int>> iteration)
    {
        // A short warm-up, not counted: JIT, connections, pools.
        var warmupUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 0.5);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            for (var i = 0; Stopwatch.GetTimestamp() < warmupUntil; i++)
            {
                await iteration(caller, -1 - i);
            }
        }));

        var cpuBefore = ProcessCpu();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(Stopwatch.Frequency * duration.TotalSeconds);
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var calls = 0;
            for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                calls += await iteration(caller, i);
            }

            return calls;
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var calls = counts.Sum();
        return new Rate(calls / elapsed.TotalSeconds, (ProcessCpu() - cpuBefore).TotalMicroseconds / calls, (double)(GC.GetTotalAllocatedBytes() - allocatedBefore) / calls);
    }

    /// <summary>
    /// Runs <paramref name="load"/> in steps of a second until the JIT has settled, so that a
    /// measure after it counts the calls and not the compiler. Tiered compilation compiles a hot
    /// method up to three times (quick, instrumented, optimized), on a background thread that a
    /// busy 2-core machine starves: a fixed 2 s warm-up left it compiling into the first
    /// measured round (dotnet-counters: 1.95 s of JIT time in the first 4 s of the cart's load). Stops after
    /// at least <paramref name="minimum"/> once a step spent under 10 ms compiling, or at
    /// <paramref name="maximum"/>.
    /// </summary>
    public static async Task<WarmUp> WarmUpAsync(Func<TimeSpan, Task> load, TimeSpan minimum, TimeSpan maximum)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var compiling = System.Runtime.JitInfo.GetCompilationTime();
            await load(TimeSpan.FromSeconds(1));
            var lastStep = System.Runtime.JitInfo.GetCompilationTime() - compiling;
            var took = Stopwatch.GetElapsedTime(started);
            if ((took >= minimum && lastStep < TimeSpan.FromMilliseconds(10)) || took >= maximum)
            {
                return new WarmUp(took, lastStep);
            }
        }
    }

    /// <summary>The CPU time this process has spent so far, every thread of it (user and kernel).</summary>
    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}

/// <summary>
/// A closed-loop measure: calls per second, and the CPU time the whole process spent per call
/// (client and server alike, as both run in it). On a shared machine other tenants take cores
/// away and move calls per second by up to half; CPU time per call moves less, so a change
/// to what a call costs shows in it first. The bytes the process allocated per call move
/// least: they depend on the work, hardly on the machine.
/// </summary>
public readonly record struct Rate(double PerSecond, double CpuMicrosecondsPerCall, double AllocatedBytesPerCall);

/// <summary>How long a warm-up took, and the time the JIT spent compiling in its last step.</summary>
public readonly record struct WarmUp(TimeSpan Took, TimeSpan LastStepCompiling)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"warm-up {Took.TotalSeconds:0.0} s, the JIT compiling {LastStepCompiling.TotalMilliseconds:0} ms in its last second");
}
