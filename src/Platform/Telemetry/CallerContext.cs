using System.Diagnostics;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// The span and app of the code that hands work to another flow which does not carry them
/// (HybridCache runs a shared load without the caller's execution context), so the work's
/// spans stay in the caller's trace and under the caller's app.
/// </summary>
public readonly record struct CallerContext(Activity? Span, Hosting.ServiceIdentity? App)
{
    public static CallerContext Capture() => new(Activity.Current, AppScope.Current);

    /// <summary>Makes the captured span and app current in this flow, unless it has its own.</summary>
    public void Restore()
    {
        Activity.Current ??= Span;
        if (AppScope.Current is null && App is not null)
        {
            AppScope.Enter(App);
        }
    }
}
