using System.Globalization;

namespace Checkout.Benchmarks;

/// <summary>
/// What one gRPC call costs at the floor against how many calls share the connection: the
/// echo floor (<see cref="FloorProcess"/>) at 1, 2, 4 and 8 callers, in turns, each in a
/// process of its own. The floor bound takes the echo at 8 callers, whose calls share one
/// connection's reads, writes and thread wake-ups; a mesh's hops run at the concurrency
/// the <c>floor</c> command prints ("gRPC calls in flight").
/// </summary>
public static class EchoCurve
{
    private static readonly int[] CallerCounts = [1, 2, 4, 8];

    public static async Task RunAsync(TimeSpan phase, int rounds)
    {
        var cpu = CallerCounts.ToDictionary(c => c, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var callers in CallerCounts)
            {
                var echo = await FloorProcess.MeasureAsync("echo", callers, phase);
                cpu[callers].Add(echo.CpuMicrosecondsPerCall);
                Print(string.Create(CultureInfo.InvariantCulture, $"round {round}, {callers} caller{(callers == 1 ? "" : "s")}: {echo.PerSecond:0} calls/s, {echo.CpuMicrosecondsPerCall:0} µs of CPU per call"));
            }
        }

        var atEight = Median(cpu[8]);
        Console.WriteLine("echo CPU per call over its 8-caller figure: " + string.Join(", ", CallerCounts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{Median(cpu[c]) / atEight:0.00} at {c}"))));
    }

    /// <summary>The middle value; with an even count (two rounds, by default), the mean of the middle two.</summary>
    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Print(string line) => Console.WriteLine($"[echo-curve] {line}");
}
