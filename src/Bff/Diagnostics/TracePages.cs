using System.Net;
using System.Text;
using Checkout.Platform.Telemetry;

namespace Checkout.Bff.Diagnostics;

/// <summary>
/// The waterfall without a collector: in a process hosting every app (the standalone mesh),
/// <c>/dev/traces</c> lists the recent traces and <c>/dev/traces/{traceId}</c> shows one as a
/// waterfall of its spans across every app; <c>?format=text</c> prints it for a terminal.
/// Served only where <see cref="RecentTraces"/> is kept, which is never in a deployment.
/// </summary>
public static class TracePages
{
    public const string Path = "/dev/traces";

    public static void MapTracePages(this WebApplication app)
    {
        if (app.Services.GetService<RecentTraces>() is not { } traces)
        {
            return;
        }

        app.MapGet(Path, (HttpRequest request) =>
        {
            var recent = traces.Traces(50);
            if (IsText(request))
            {
                return Results.Text(string.Concat(recent.Select(t => $"{t.TraceId}  {t.Root.Start:HH:mm:ss.fff}  {t.Root.Duration.TotalMilliseconds,8:0.0} ms  {t.Spans,3} spans  {t.Root.App} {t.Root.Name}\n")));
            }

            var rows = string.Concat(recent.Select(t =>
                $"<li><a href=\"{Path}/{t.TraceId}\">{t.Root.Start:HH:mm:ss.fff} {WebUtility.HtmlEncode(t.Root.App)} {WebUtility.HtmlEncode(t.Root.Name)}</a> {t.Root.Duration.TotalMilliseconds:0.0} ms, {t.Spans} spans</li>"));
            return Page("Recent traces", $"<ul>{rows}</ul>");
        }).ExcludeFromDescription();

        app.MapGet(Path + "/{traceId}", (string traceId, HttpRequest request) =>
        {
            var waterfall = TraceWaterfall.Render(traces.Trace(traceId));
            return IsText(request)
                ? Results.Text(waterfall)
                : Page($"Trace {traceId}", $"<p><a href=\"{Path}\">all traces</a></p><pre>{WebUtility.HtmlEncode(waterfall)}</pre>");
        }).ExcludeFromDescription();
    }

    private static bool IsText(HttpRequest request) => request.Query["format"] == "text";

    private static IResult Page(string title, string body) => Results.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>body{{font-family:sans-serif}}pre{{font-size:13px}}</style></head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>",
        "text/html",
        Encoding.UTF8);
}
