using System.Diagnostics;
using OpenTelemetry;

namespace Checkout.Platform.Telemetry;

/// <summary>One finished span, as the waterfall shows it.</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string App,
    string Name,
    ActivityKind Kind,
    DateTimeOffset Start,
    TimeSpan Duration,
    ActivityStatusCode Status,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// The last spans of every app of the process, in memory: how a user sees a checkout's
/// waterfall without a collector (<see cref="TraceWaterfall"/>). Bounded; the oldest go first.
/// </summary>
public sealed class RecentTraces
{
    public const int Capacity = 8192;

    private readonly Queue<SpanRecord> _spans = new();
    private readonly Lock _lock = new();

    public void Add(SpanRecord span)
    {
        lock (_lock)
        {
            if (_spans.Count == Capacity)
            {
                _spans.Dequeue();
            }

            _spans.Enqueue(span);
        }
    }

    /// <summary>Every kept span of one trace, earliest first.</summary>
    public IReadOnlyList<SpanRecord> Trace(string traceId)
    {
        lock (_lock)
        {
            return [.. _spans.Where(s => s.TraceId == traceId).OrderBy(s => s.Start)];
        }
    }

    /// <summary>The traces kept, most recent first: id, first span, and how many spans.</summary>
    public IReadOnlyList<(string TraceId, SpanRecord Root, int Spans)> Traces(int limit)
    {
        lock (_lock)
        {
            return [.. _spans.GroupBy(s => s.TraceId)
                .Select(g => (g.Key, Root: g.MinBy(s => s.Start)!, g.Count()))
                .OrderByDescending(t => t.Root.Start)
                .Take(limit)];
        }
    }

    /// <summary>An exporter of one app's spans into <paramref name="traces"/>.</summary>
    public static BaseExporter<Activity> ExporterFor(RecentTraces traces, string appId) => new Exporter(traces, appId);

    private sealed class Exporter(RecentTraces traces, string appId) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                traces.Add(new SpanRecord(
                    activity.TraceId.ToHexString(),
                    activity.SpanId.ToHexString(),
                    activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
                    appId,
                    activity.DisplayName,
                    activity.Kind,
                    activity.StartTimeUtc,
                    activity.Duration,
                    activity.Status,
                    activity.TagObjects
                        .Where(t => t.Value is not null)
                        .GroupBy(t => t.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => Convert.ToString(g.Last().Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal)));
            }

            return ExportResult.Success;
        }
    }
}
