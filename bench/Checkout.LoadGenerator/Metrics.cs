using System.Collections.Concurrent;
using System.Diagnostics;

namespace Checkout.LoadGenerator;

/// <summary>Latencies and statuses per endpoint, safe to record from every shopper at once.</summary>
public sealed class Metrics
{
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new();

    public long Requests => _endpoints.Values.Sum(e => e.Count);

    public long Errors => _endpoints.Values.Sum(e => e.ErrorCount);

    public void Record(string endpoint, int status, TimeSpan latency, bool expectedRefusal) =>
        _endpoints.GetOrAdd(endpoint, _ => new Endpoint()).Add(status, latency, expectedRefusal);

    public IReadOnlyList<EndpointSummary> Summarize(TimeSpan elapsed) => _endpoints
        .OrderBy(e => e.Key, StringComparer.Ordinal)
        .Select(e => e.Value.Summarize(e.Key, elapsed))
        .ToList();

    private sealed class Endpoint
    {
        private readonly List<double> _milliseconds = [];
        private readonly Dictionary<int, long> _statuses = [];
        private long _refusals;

        public long Count { get; private set; }

        public long ErrorCount { get; private set; }

        public void Add(int status, TimeSpan latency, bool expectedRefusal)
        {
            lock (this)
            {
                Count++;
                _milliseconds.Add(latency.TotalMilliseconds);
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
                if (status >= 400 && !expectedRefusal)
                {
                    ErrorCount++;
                }
                else if (expectedRefusal)
                {
                    _refusals++;
                }
            }
        }

        public EndpointSummary Summarize(string name, TimeSpan elapsed)
        {
            lock (this)
            {
                var sorted = _milliseconds.Order().ToArray();
                double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
                return new EndpointSummary(
                    name,
                    Count,
                    ErrorCount,
                    _refusals,
                    _statuses.Where(s => s.Key >= 400).ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
                    Count / elapsed.TotalSeconds,
                    At(0.50),
                    At(0.90),
                    At(0.99),
                    sorted.Length == 0 ? 0 : sorted[^1]);
            }
        }
    }
}

public sealed record EndpointSummary(
    string Endpoint,
    long Requests,
    long Errors,
    long ExpectedRefusals,
    IReadOnlyDictionary<string, long> ErrorStatuses,
    double PerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs);

/// <summary>Times one request.</summary>
public static class Timing
{
    public static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await action();
        return (result, Stopwatch.GetElapsedTime(started));
    }
}
