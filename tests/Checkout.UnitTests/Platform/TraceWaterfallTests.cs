using System.Diagnostics;
using Checkout.Platform.Telemetry;

namespace Checkout.UnitTests.Platform;

public sealed class TraceWaterfallTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static SpanRecord Span(string id, string? parent, string app, string name, double startMs, double tookMs, ActivityStatusCode status = ActivityStatusCode.Unset) =>
        new("t1", id, parent, app, name, ActivityKind.Internal, T0.AddMilliseconds(startMs), TimeSpan.FromMilliseconds(tookMs), status, []);

    [Fact]
    public void Each_span_is_under_its_parent_with_its_offset_duration_and_app()
    {
        var text = TraceWaterfall.Render([
            Span("b", "a", "checkout", "SubmitOrder", 2, 8),
            Span("a", null, "bff", "POST /api/v1/checkout/submit", 0, 10),
            Span("c", "b", "payment", "ProcessPayment", 5, 4, ActivityStatusCode.Error),
        ]);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("trace t1: 3 spans in 10.0 ms", lines[0]);
        Assert.Matches(@"^\s+0\.0ms\s+10\.0ms  bff\s+\|#{40}\| POST /api/v1/checkout/submit$", lines[2]);
        Assert.Matches(@"^\s+2\.0ms\s+8\.0ms  checkout\s+\|\s{8}#{32}\|   SubmitOrder$", lines[3]);
        Assert.Matches(@"^\s+5\.0ms\s+4\.0ms  payment\s+\|\s{20}#{16}\s{4}\|     ProcessPayment \(error\)$", lines[4]);
    }

    [Fact]
    public void A_span_whose_parent_was_not_kept_is_shown_as_a_root()
    {
        var text = TraceWaterfall.Render([Span("b", "gone", "order", "consume order.created", 0, 1)]);

        Assert.Contains("|########################################| consume order.created", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recent_traces_keeps_the_newest_spans_and_lists_traces_newest_first()
    {
        var traces = new RecentTraces();
        for (var i = 0; i < RecentTraces.Capacity + 1; i++)
        {
            traces.Add(Span($"s{i}", null, "bff", "GET", i, 1) with { TraceId = i == 0 ? "first" : "later" });
        }

        Assert.Empty(traces.Trace("first"));
        Assert.Equal(RecentTraces.Capacity, traces.Trace("later").Count);
        Assert.Equal("later", traces.Traces(10).Single().TraceId);
    }

    [Fact]
    public void Siblings_are_in_the_order_they_started_and_a_span_at_the_very_end_keeps_a_bar()
    {
        var text = TraceWaterfall.Render([
            Span("a", null, "bff", "root", 0, 10),
            Span("c", "a", "order", "second", 6, 1),
            Span("b", "a", "cart", "first", 2, 1),
            Span("d", "a", "shipping", "last", 10, 0),
            Span("z", null, "order", "later root", 4, 1),
        ]);

        var names = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l[(l.LastIndexOf('|') + 2)..].Trim()).ToList();
        Assert.Equal(["root", "first", "second", "last", "later root"], names);
        Assert.Matches(@"#\|\s+last$", text.Split('\n')[5]);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2), line => Assert.Equal(BarOf(text.Split('\n')[2]).Length, BarOf(line).Length));
    }

    [Fact]
    public void Recent_traces_lists_a_trace_by_its_first_span_and_its_spans_in_order()
    {
        var traces = new RecentTraces();
        traces.Add(Span("late", null, "bff", "later", 5, 1));
        traces.Add(Span("early", null, "bff", "earlier", 1, 1));
        traces.Add(Span("x", null, "bff", "other trace", 9, 1) with { TraceId = "t2" });

        Assert.Equal(["earlier", "later"], traces.Trace("t1").Select(s => s.Name));
        Assert.Equal([("t2", "other trace", 1), ("t1", "earlier", 2)], traces.Traces(10).Select(t => (t.TraceId, t.Root.Name, t.Spans)));
    }

    [Fact]
    public void The_processor_keeps_a_span_with_its_app_parent_and_tags_as_it_ends()
    {
        var traces = new RecentTraces();
        using var processor = RecentTraces.ProcessorFor(traces, "checkout");
        using var parent = new Activity("parent").SetIdFormat(ActivityIdFormat.W3C).Start();
        var child = new Activity("child").SetIdFormat(ActivityIdFormat.W3C)
            .SetTag("checkout.order_id", "ORD-1").SetTag("ignored", null).AddTag("empty", (object?)null).SetTag("checkout.attempts", 3)
            .AddTag("http.route", "/first").AddTag("http.route", "/last").Start();
        child.Stop();

        processor.OnEnd(child);

        var kept = Assert.Single(traces.Trace(child.TraceId.ToHexString()));
        Assert.Equal(("checkout", "child", parent.SpanId.ToHexString(), child.SpanId.ToHexString()), (kept.App, kept.Name, kept.ParentSpanId, kept.SpanId));
        Assert.Equal(new Dictionary<string, string> { ["checkout.order_id"] = "ORD-1", ["checkout.attempts"] = "3", ["http.route"] = "/last" }, kept.Tags);
    }

    [Fact]
    public void A_root_span_is_kept_without_a_parent()
    {
        var traces = new RecentTraces();
        using var processor = RecentTraces.ProcessorFor(traces, "bff");
        var root = new Activity("root").SetIdFormat(ActivityIdFormat.W3C).Start();
        root.Stop();

        processor.OnEnd(root);

        Assert.Null(Assert.Single(traces.Trace(root.TraceId.ToHexString())).ParentSpanId);
    }

    private static string BarOf(string line) => line[line.IndexOf('|')..(line.LastIndexOf('|') + 1)];
}
