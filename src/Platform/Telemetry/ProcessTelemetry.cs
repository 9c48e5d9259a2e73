using System.Collections.Concurrent;
using Checkout.Platform.Hosting;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// Telemetry a process hosting several apps shares among them: the recent spans every app
/// exports into (the waterfall the BFF shows in development), and which app does for all of
/// them what is process-wide (meters and the diagnostic listeners are, so one app's
/// providers read and enrich everything).
/// </summary>
public sealed class ProcessTelemetry(string leadApp, string instance)
{
    // By reference: two meshes in one process (the tests) each have an app named "cart".
    private readonly ConcurrentDictionary<ServiceIdentity, byte> _apps = new(ReferenceEqualityComparer.Instance);

    public RecentTraces Traces { get; } = new();

    /// <summary>
    /// The app whose metrics provider reads every app's meters and serves them, and whose
    /// tracer provider enriches every app's request and gRPC call spans (and, with no
    /// collector to export to, keeps them all: <see cref="ProcessSpans"/>).
    /// </summary>
    public string LeadApp { get; } = leadApp;

    /// <summary>
    /// Which process's apps a measurement comes from (<c>otel_scope_checkout_process</c>):
    /// meters are seen by every provider of the process, so where several meshes share one
    /// (the integration tests) a scrape tells theirs apart.
    /// </summary>
    public string Instance { get; } = instance;

    /// <summary>Counts <paramref name="app"/> among the apps sharing this telemetry.</summary>
    public void Add(ServiceIdentity app) => _apps.TryAdd(app, 0);

    /// <summary>Whether <paramref name="app"/> shares this telemetry (and not another mesh's of the same process).</summary>
    public bool Hosts(ServiceIdentity app) => _apps.ContainsKey(app);
}
