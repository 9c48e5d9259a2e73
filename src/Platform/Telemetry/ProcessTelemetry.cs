namespace Checkout.Platform.Telemetry;

/// <summary>
/// Telemetry a process hosting several apps shares among them: the recent spans every app
/// exports into (the waterfall the BFF shows in development), and which app collects the
/// process's metrics (meters are process-wide, so one provider reads them all).
/// </summary>
public sealed class ProcessTelemetry(string metricsApp)
{
    public RecentTraces Traces { get; } = new();

    /// <summary>The app whose metrics provider reads every app's meters and serves them.</summary>
    public string MetricsApp { get; } = metricsApp;
}
