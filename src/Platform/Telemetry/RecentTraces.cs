using System.Diagnostics;
using OpenTelemetry;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// One finished span, as the waterfall shows it. Its tags are kept as the span held them and
/// turned into text only when read (<see cref="Tags"/>): the waterfall does not show them, and
/// every span of the process is kept.
/// </summary>
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
    IReadOnlyList<KeyValuePair<string, object?>> TagObjects)
{
    /// <summary>The tags as text: the last value of a key repeated wins, as in an exported span; empty ones are left out.</summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get
        {
            var tags = new Dictionary<string, string>(TagObjects.Count, StringComparer.Ordinal);
            foreach (var (key, value) in TagObjects)
            {
                if (value is not null)
                {
                    tags[key] = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }

            return tags;
        }
    }
}

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

    /// <summary>Keeps <paramref name="span"/>, which has ended, as <paramref name="appId"/>'s.</summary>
    public void Keep(Activity span, string appId) => Add(new SpanRecord(
        span.TraceId.ToHexString(),
        span.SpanId.ToHexString(),
        span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString(),
        appId,
        span.DisplayName,
        span.Kind,
        span.StartTimeUtc,
        span.Duration,
        span.Status,
        TagsOf(span)));

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

    /// <summary>
    /// Keeps one app's spans in <paramref name="traces"/> as each ends. Not an exporter behind
    /// OpenTelemetry's simple export processor: that one takes a lock per span, for exporters
    /// that are not thread-safe, and <see cref="Add"/> needs none beside its own; every request
    /// of the process ends its spans here, so both the lock and each allocation count.
    /// </summary>
    public static BaseProcessor<Activity> ProcessorFor(RecentTraces traces, string appId) => new Keeper(traces, appId);

    /// <summary>The span's tags copied into one array, so that the span itself, and whatever it refers to, is not kept.</summary>
    private static KeyValuePair<string, object?>[] TagsOf(Activity activity)
    {
        var count = 0;
        foreach (ref readonly var _ in activity.EnumerateTagObjects())
        {
            count++;
        }

        var tags = new KeyValuePair<string, object?>[count];
        var i = 0;
        foreach (ref readonly var tag in activity.EnumerateTagObjects())
        {
            tags[i++] = tag;
        }

        return tags;
    }

    private sealed class Keeper(RecentTraces traces, string appId) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => traces.Keep(data, appId);
    }
}
