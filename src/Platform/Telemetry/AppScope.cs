namespace Checkout.Platform.Telemetry;

/// <summary>
/// Which app the code running now belongs to, in a process that hosts several. Set where an
/// app's work begins: each request (<see cref="TelemetryHosting"/>), each event delivery, and
/// the start of the app's host, whose background services inherit it.
/// </summary>
public static class AppScope
{
    private static readonly AsyncLocal<string?> CurrentApp = new();

    public static string? Current => CurrentApp.Value;

    /// <summary>From here on in this asynchronous flow, work belongs to <paramref name="appId"/>.</summary>
    public static void Enter(string appId) => CurrentApp.Value = appId;
}
