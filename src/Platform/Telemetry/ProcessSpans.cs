using System.Diagnostics;
using OpenTelemetry;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// Keeps the spans of every app of a shared process in its <see cref="RecentTraces"/>, each
/// under the app it belongs to (<see cref="OwnedSpans"/>), from one tracer provider: with no
/// collector, the waterfall is the only place spans go, and every provider in a process sees
/// every span (its sampler at the start, its processors at both ends), so thirteen providers
/// did thirteen times the work of one for each span.
/// </summary>
public sealed class ProcessSpans(ProcessTelemetry process) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data) => OwnedSpans.ClaimForCurrentApp(data);

    public override void OnEnd(Activity data)
    {
        if (OwnedSpans.OwnerOf(data) is { } owner && process.Hosts(owner))
        {
            process.Traces.Keep(data, owner.AppId);
        }
    }
}
