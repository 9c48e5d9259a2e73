using System.Globalization;
using System.Text;

namespace Checkout.Platform.Telemetry;

/// <summary>A trace as text: each span under its parent, with when it started, how long it took, and a bar on one time axis.</summary>
public static class TraceWaterfall
{
    private const int BarWidth = 40;

    public static string Render(IReadOnlyList<SpanRecord> spans)
    {
        if (spans.Count == 0)
        {
            return "No spans kept for this trace.\n";
        }

        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.Start + s.Duration);
        var total = Math.Max((end - start).TotalMilliseconds, 0.001);
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.ToLookup(s => s.ParentSpanId is { } parent && ids.Contains(parent) ? parent : null);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"trace {spans[0].TraceId}: {spans.Count} spans in {total:0.0} ms\n");
        text.Append(CultureInfo.InvariantCulture, $"{"start",8} {"took",9}  {"app",-12} span\n");
        void Write(SpanRecord span, int depth)
        {
            var offset = (span.Start - start).TotalMilliseconds;
            var from = (int)Math.Round(offset / total * BarWidth);
            var width = Math.Max(1, (int)Math.Round(span.Duration.TotalMilliseconds / total * BarWidth));
            var bar = new string(' ', Math.Min(from, BarWidth - 1)) + new string('#', Math.Min(width, BarWidth - Math.Min(from, BarWidth - 1)));
            var failed = span.Status == System.Diagnostics.ActivityStatusCode.Error ? " (error)" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"{offset,6:0.0}ms {span.Duration.TotalMilliseconds,7:0.0}ms  {span.App,-12} |{bar,-BarWidth}| {new string(' ', depth * 2)}{span.Name}{failed}\n");
            foreach (var child in children[span.SpanId].OrderBy(c => c.Start))
            {
                Write(child, depth + 1);
            }
        }

        foreach (var root in children[null].OrderBy(s => s.Start))
        {
            Write(root, 0);
        }

        return text.ToString();
    }
}
