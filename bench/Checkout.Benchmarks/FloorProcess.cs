using System.Diagnostics;
using System.Globalization;

namespace Checkout.Benchmarks;

/// <summary>
/// A floor measured in a process of its own (<c>floor-child echo|kestrel CALLERS SECONDS</c>),
/// so that it is the machine's and not ours: in the benchmark's process the mesh's apps
/// subscribe to process-wide diagnostic listeners (tracing, metrics) that every server and
/// client of the process then pays for, the floors' included.
/// </summary>
public static class FloorProcess
{
    public const string Command = "floor-child";

    /// <summary>Starts a child process that warms <paramref name="kind"/> up (3 s at least, until the JIT has settled: <see cref="Load.WarmUpAsync"/>), then measures it for <paramref name="duration"/>.</summary>
    public static async Task<Rate> MeasureAsync(string kind, int callers, TimeSpan duration)
    {
        var start = SelfProcess.With(Command, kind, $"{callers}", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Split(' ');
        return child.ExitCode == 0 && last is [var rate, var cpu, var allocated]
            && double.TryParse(rate, CultureInfo.InvariantCulture, out var perSecond)
            && double.TryParse(cpu, CultureInfo.InvariantCulture, out var cpuPerCall)
            && double.TryParse(allocated, CultureInfo.InvariantCulture, out var allocatedPerCall)
            ? new Rate(perSecond, cpuPerCall, allocatedPerCall)
            : throw new InvalidOperationException($"{Command} {kind} failed ({child.ExitCode}): {output}");
    }

    /// <summary>The child's side: serve the floor in this process, warm it up, measure it, print calls per second, CPU µs and bytes allocated per call alone on the last line.</summary>
    public static async Task RunChildAsync(string kind, int callers, TimeSpan duration)
    {
        Func<TimeSpan, Task<Rate>> measure;
        IAsyncDisposable server;
        if (kind == "echo")
        {
            var echo = await EchoFloor.StartAsync();
            (server, measure) = (echo, d => echo.MeasureAsync(callers, d));
        }
        else
        {
            var kestrel = await KestrelFloor.StartAsync();
            (server, measure) = (kestrel, d => kestrel.MeasureAsync(callers, d));
        }

        await using (server)
        {
            var warmUp = await Load.WarmUpAsync(measure, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
            var rate = await measure(duration);
            Console.WriteLine(warmUp.ToString());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rate.PerSecond:0} {rate.CpuMicrosecondsPerCall:0.0} {rate.AllocatedBytesPerCall:0}"));
        }
    }
}
