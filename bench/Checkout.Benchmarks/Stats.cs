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

        return From(samples);
    }

    /// <summary>The count, mean, p50 and p99 of <paramref name="milliseconds"/> (at least one).</summary>
    public static Stats From(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new Stats(sorted.Length, sorted.Average(), sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1)]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"mean {MeanMs,7:0.000} ms  p50 {P50Ms,7:0.000} ms  p99 {P99Ms,7:0.000} ms  (n={Count})");
}
