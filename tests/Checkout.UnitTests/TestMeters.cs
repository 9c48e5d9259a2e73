using System.Diagnostics.Metrics;
using Checkout.Platform.Events;
using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Checkout.UnitTests;

/// <summary>Meters for code under test, from the same factory the apps use.</summary>
internal static class TestMeters
{
    private static readonly IMeterFactory Factory = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static AppMeter For(string appId) => new(Factory, new ServiceIdentity(appId));

    public static EventMetrics Events(string appId) => new(For(appId));
}
