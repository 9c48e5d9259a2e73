using System.Diagnostics;
using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;
using OpenTelemetry;

namespace Checkout.UnitTests.Platform;

/// <summary>With a collector, each app of a shared process exports only the spans that belong to it.</summary>
public sealed class OwnedSpansTests
{
    private readonly ServiceIdentity _cart = new(AppIds.Cart);
    private readonly ServiceIdentity _order = new(AppIds.Order);
    private readonly Recorder _exported = new();

    private static Activity Span(string name) => new Activity(name).SetIdFormat(ActivityIdFormat.W3C);

    [Fact]
    public void A_span_of_the_app_goes_to_its_exporters_at_both_ends_and_another_apps_does_not()
    {
        using var cartSpans = new OwnedSpans(_cart, [_exported]);
        var (ours, theirs) = (Span("ours"), Span("theirs"));
        OwnedSpans.Claim(ours, _cart);
        OwnedSpans.Claim(theirs, _order);

        foreach (var span in new[] { ours, theirs })
        {
            cartSpans.OnStart(span);
            cartSpans.OnEnd(span);
        }

        Assert.Equal(["ours"], _exported.Started);
        Assert.Equal(["ours"], _exported.Ended);
    }

    [Fact]
    public async Task An_unclaimed_span_started_by_the_apps_code_is_the_apps()
    {
        using var cartSpans = new OwnedSpans(_cart, [_exported]);
        var span = Span("started by cart");

        await Task.Run(() =>
        {
            AppScope.Enter(_cart);
            cartSpans.OnStart(span);
        });

        Assert.Same(_cart, OwnedSpans.OwnerOf(span));
        Assert.Equal(["started by cart"], _exported.Started);
    }

    private sealed class Recorder : BaseProcessor<Activity>
    {
        public List<string> Started { get; } = [];

        public List<string> Ended { get; } = [];

        public override void OnStart(Activity data) => Started.Add(data.OperationName);

        public override void OnEnd(Activity data) => Ended.Add(data.OperationName);
    }
}
