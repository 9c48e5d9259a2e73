using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Checkout.Platform.Telemetry;

namespace Checkout.Benchmarks;

/// <summary>
/// Counts what the embedded stores of this process commit, per app, from their own meters
/// (<c>checkout.state.writes</c> with outcome committed, <c>checkout.state.commits</c>), while
/// <see cref="Counting"/> is on: the writes a checkout costs, and how many commits held them;
/// and the reads (<c>checkout.state.reads</c>), by what answered them.
/// </summary>
public sealed class StateWriteCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _writesByApp = new(StringComparer.Ordinal);
    private long _commits;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _readsFrom = new(StringComparer.Ordinal);

    public StateWriteCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CheckoutTelemetry.MeterName && instrument.Name is "checkout.state.writes" or "checkout.state.commits" or "checkout.state.reads")
            {
                // The app is a tag of its meter (AppMeter), so each app's instrument carries its name as state.
                listener.EnableMeasurementEvents(instrument, instrument.Meter.Tags?.FirstOrDefault(t => t.Key == CheckoutTelemetry.AppTag).Value as string ?? "");
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (!Counting)
            {
                return;
            }

            if (instrument.Name == "checkout.state.commits")
            {
                Interlocked.Add(ref _commits, value);
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "answered_from" && tag.Value is string source)
                {
                    Interlocked.Add(ref _readsFrom.GetOrAdd(source, static _ => new StrongBox<long>()).Value, value);
                }

                if (tag.Key == "outcome" && tag.Value is "committed")
                {
                    Interlocked.Add(ref _writesByApp.GetOrAdd((string)state!, static _ => new StrongBox<long>()).Value, value);
                }
            }
        });
        _listener.Start();
    }

    public bool Counting { get; set; }

    /// <summary>Writes committed and commits per checkout, each app's writes per checkout, busiest first, and reads per checkout by what answered them; zero from now on.</summary>
    public string Take(int checkouts)
    {
        var byApp = _writesByApp.Select(a => (App: a.Key, Writes: Interlocked.Exchange(ref a.Value.Value, 0))).Where(a => a.Writes > 0).OrderByDescending(a => a.Writes).ToList();
        var commits = Interlocked.Exchange(ref _commits, 0);
        double Reads(string source) => _readsFrom.TryGetValue(source, out var count) ? Interlocked.Exchange(ref count.Value, 0) / (double)checkouts : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{byApp.Sum(a => a.Writes) / (double)checkouts:0.0} writes committed in {commits / (double)checkouts:0.0} commits; ")
            + string.Join(", ", byApp.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.App} {a.Writes / (double)checkouts:0.0}")))
            + string.Create(CultureInfo.InvariantCulture, $"; reads answered from memory {Reads("memory"):0.0}, by the key filter {Reads("key_filter"):0.0}, from SQLite {Reads("database"):0.0}");
    }

    public void Dispose() => _listener.Dispose();
}
