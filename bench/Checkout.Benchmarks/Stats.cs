using System.Diagnostics;
using System.Globalization;

namespace Checkout.Benchmarks;

/// <summary>Timings of repeated runs of one operation, after a warm-up.</summary>
public sealed record Stats(int Count, double MeanMs, double P50Ms, double P99Ms)
{
    public static async Task<Stats> MeasureAsync(int iterations, Func<int, Task> operation, int warmup = 20)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation(-1 - i);
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return new Stats(iterations, samples.Average(), samples[iterations / 2], samples[Math.Min(iterations - 1, (int)Math.Ceiling(iterations * 0.99) - 1)]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"mean {MeanMs,7:0.000} ms  p50 {P50Ms,7:0.000} ms  p99 {P99Ms,7:0.000} ms  (n={Count})");
}
