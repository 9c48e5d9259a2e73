using System.Diagnostics;
using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;

namespace Checkout.UnitTests.Platform;

/// <summary>The one provider of a shared process keeps each span under the app it belongs to, and only its own process's apps'.</summary>
public sealed class ProcessSpansTests
{
    private readonly ProcessTelemetry _process = new(AppIds.Bff, "mesh-1");
    private readonly ServiceIdentity _cart = new(AppIds.Cart);

    public ProcessSpansTests() => _process.Add(_cart);

    private static Activity Span(string name) => new Activity(name).SetIdFormat(ActivityIdFormat.W3C);

    [Fact]
    public void A_span_claimed_by_an_app_of_the_process_is_kept_under_that_apps_name()
    {
        using var processor = new ProcessSpans(_process);
        var span = Span("claimed").Start();
        OwnedSpans.Claim(span, _cart);
        span.Stop();

        processor.OnEnd(span);

        Assert.Equal(AppIds.Cart, Assert.Single(_process.Traces.Trace(span.TraceId.ToHexString())).App);
    }

    [Fact]
    public void A_span_of_another_meshs_app_of_the_same_name_is_not_kept()
    {
        using var processor = new ProcessSpans(_process);
        var span = Span("elsewhere").Start();
        OwnedSpans.Claim(span, new ServiceIdentity(AppIds.Cart));
        span.Stop();

        processor.OnEnd(span);

        Assert.Empty(_process.Traces.Trace(span.TraceId.ToHexString()));
    }

    [Fact]
    public async Task A_span_started_by_an_apps_code_belongs_to_that_app_and_one_started_by_nobodys_is_not_kept()
    {
        using var processor = new ProcessSpans(_process);
        var owned = Span("in the app").Start();
        await Task.Run(() =>
        {
            AppScope.Enter(_cart);
            processor.OnStart(owned);
        });
        owned.Stop();
        var unowned = Span("outside any app").Start();
        processor.OnStart(unowned);
        unowned.Stop();
        processor.OnEnd(owned);
        processor.OnEnd(unowned);

        Assert.Same(_cart, OwnedSpans.OwnerOf(owned));
        Assert.Equal(AppIds.Cart, Assert.Single(_process.Traces.Trace(owned.TraceId.ToHexString())).App);
        Assert.Empty(_process.Traces.Trace(unowned.TraceId.ToHexString()));
    }
}
