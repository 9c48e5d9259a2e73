namespace Checkout.Platform.Telemetry;

/// <summary>
/// Which app the code running now belongs to, in a process that hosts several. Set where an
/// app's work begins: each request (<see cref="TelemetryHosting"/>), each event delivery, and
/// the start of the app's host, whose background services inherit it.
/// </summary>
public static class AppScope
{
    private static readonly AsyncLocal<Hosting.ServiceIdentity?> CurrentApp = new();

    /// <summary>The app instance: its host's <see cref="Hosting.ServiceIdentity"/>, one per host, so two meshes in one process (tests) stay apart.</summary>
    public static Hosting.ServiceIdentity? Current => CurrentApp.Value;

    /// <summary>From here on in this asynchronous flow, work belongs to <paramref name="app"/>.</summary>
    public static void Enter(Hosting.ServiceIdentity app) => CurrentApp.Value = app;
}
