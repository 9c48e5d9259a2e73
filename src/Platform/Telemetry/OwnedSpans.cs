using System.Diagnostics;
using OpenTelemetry;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// Exports only the spans of one app. Every tracer provider in a process sees every span,
/// so in the standalone process, where thirteen apps each have their own provider (and so
/// their own service name), a span goes out through the provider of the app it belongs to:
/// the app whose request set it (<see cref="Claim"/>), or else the app the code that started
/// it runs for (<see cref="AppScope"/>).
/// </summary>
public sealed class OwnedSpans(Hosting.ServiceIdentity app, IEnumerable<BaseProcessor<Activity>> exporters) : CompositeProcessor<Activity>(exporters)
{
    private const string OwnerProperty = "checkout.owner";

    /// <summary>Marks <paramref name="activity"/> as <paramref name="app"/>'s (a request's server span, before any of its code runs).</summary>
    public static void Claim(Activity? activity, Hosting.ServiceIdentity app) => activity?.SetCustomProperty(OwnerProperty, app);

    public static Hosting.ServiceIdentity? OwnerOf(Activity activity) => activity.GetCustomProperty(OwnerProperty) as Hosting.ServiceIdentity;

    /// <summary>An unclaimed span starting belongs to the app the code that starts it runs for, if any.</summary>
    public static void ClaimForCurrentApp(Activity activity)
    {
        if (OwnerOf(activity) is null && AppScope.Current is { } current)
        {
            Claim(activity, current);
        }
    }

    public override void OnStart(Activity data)
    {
        ClaimForCurrentApp(data);
        if (ReferenceEquals(OwnerOf(data), app))
        {
            base.OnStart(data);
        }
    }

    public override void OnEnd(Activity data)
    {
        if (ReferenceEquals(OwnerOf(data), app))
        {
            base.OnEnd(data);
        }
    }
}
