namespace Checkout.Platform.Telemetry;

/// <summary>
/// Telemetry a process hosting several apps shares among them: the recent spans every app
/// exports into (the waterfall the BFF shows in development), and which app collects the
/// process's metrics (meters are process-wide, so one provider reads them all).
/// </summary>
public sealed class ProcessTelemetry(string metricsApp, string instance)
{
    public RecentTraces Traces { get; } = new();

    /// <summary>The app whose metrics provider reads every app's meters and serves them.</summary>
    public string MetricsApp { get; } = metricsApp;

    /// <summary>
    /// Which process's apps a measurement comes from (<c>otel_scope_checkout_process</c>):
    /// meters are seen by every provider of the process, so where several meshes share one
    /// (the integration tests) a scrape tells theirs apart.
    /// </summary>
    public string Instance { get; } = instance;
}
