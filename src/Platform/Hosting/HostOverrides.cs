using Checkout.Platform.Events;

namespace Checkout.Platform.Hosting;

/// <summary>
/// What a process hosting several apps (the standalone runner, integration tests)
/// shares with each of them: configuration on top of the app's own, one event bus,
/// and the clock.
/// </summary>
public sealed record HostOverrides
{
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    public InProcessEventBus? EventBus { get; init; }

    public TimeProvider? TimeProvider { get; init; }
}
