using Checkout.Platform.Events;

namespace Checkout.Platform.Hosting;

/// <summary>
/// What a process hosting several apps (the standalone runner, integration tests)
/// shares with each of them: configuration, one event bus, and the clock.
/// </summary>
public sealed record HostOverrides
{
    /// <summary>
    /// The host's defaults: below everything the app reads itself, so the environment and the
    /// command line still win (the standalone runner's development issuer can be turned off).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Defaults { get; init; } = new Dictionary<string, string?>();

    /// <summary>Settings that win over everything (tests switching an app's adapters).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    public InProcessEventBus? EventBus { get; init; }

    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Telemetry the apps of the process share (<see cref="Telemetry.ProcessTelemetry"/>); null when the app has the process to itself.</summary>
    public Telemetry.ProcessTelemetry? Telemetry { get; init; }
}
