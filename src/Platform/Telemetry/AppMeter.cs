using System.Diagnostics.Metrics;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// The app's <see cref="CheckoutTelemetry.MeterName"/> meter, tagged with the app (it shows
/// as <c>otel_scope_checkout_app</c> on every series), so one scrape of the standalone
/// process tells the apps apart. Instruments are created from it once, by the class that counts.
/// </summary>
public sealed class AppMeter(IMeterFactory factory, Hosting.ServiceIdentity identity, ProcessTelemetry? shared = null)
{
    public Meter Meter { get; } = factory.Create(new MeterOptions(CheckoutTelemetry.MeterName)
    {
        Tags = shared is null
            ? [new(CheckoutTelemetry.AppTag, identity.AppId)]
            : [new(CheckoutTelemetry.AppTag, identity.AppId), new(CheckoutTelemetry.ProcessTag, shared.Instance)],
    });
}
