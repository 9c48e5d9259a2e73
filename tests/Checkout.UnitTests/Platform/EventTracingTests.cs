using System.Diagnostics;
using System.Text.Json;
using Checkout.Platform.Events;
using Checkout.Platform.State;
using Checkout.Platform.Telemetry;

namespace Checkout.UnitTests.Platform;

/// <summary>How a trace crosses pub/sub: the event carries its producer's context and consumers continue it.</summary>
public sealed class EventTracingTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == CheckoutTelemetry.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public EventTracingTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    private static CloudEvent Event() => new() { Id = "evt-1", Type = "order.created", Source = "order-service", Data = JsonSerializer.SerializeToElement(new { orderId = "ORD-1" }) };

    [Fact]
    public void An_event_goes_out_with_its_trace_under_both_names_daprd_reads()
    {
        using var publish = CheckoutTelemetry.Source.StartActivity("publish")!;

        var json = JsonSerializer.SerializeToElement(EventTracing.Carrying(Event(), publish), JsonStateExtensions.Options);

        // components-contrib pubsub/envelope.go FromCloudEvent keeps the event's trace only when
        // "traceid" is present; without it daprd writes its own span's, or "" with tracing off.
        Assert.Equal(publish.Id, json.GetProperty("traceparent").GetString());
        Assert.Equal(publish.Id, json.GetProperty("traceid").GetString());
    }

    [Fact]
    public void An_event_without_a_trace_writes_no_trace_attributes()
    {
        var json = JsonSerializer.SerializeToElement(Event(), JsonStateExtensions.Options);

        Assert.False(json.TryGetProperty("traceparent", out _));
        Assert.False(json.TryGetProperty("traceid", out _));
    }

    [Fact]
    public void A_consumer_span_continues_the_trace_of_the_span_that_published_the_event()
    {
        CloudEvent published;
        string traceId;
        string publishSpanId;
        using (var publish = CheckoutTelemetry.Source.StartActivity("publish")!)
        {
            published = EventTracing.Carrying(Event(), publish);
            (traceId, publishSpanId) = (publish.TraceId.ToHexString(), publish.SpanId.ToHexString());
        }

        // A delivery under another span (daprd's call, or none): the event's own context wins.
        using var unrelated = new Activity("unrelated").Start();
        using var consume = EventTracing.StartConsume("order.created", published)!;

        Assert.Equal(traceId, consume.TraceId.ToHexString());
        Assert.Equal(publishSpanId, consume.ParentSpanId.ToHexString());
        Assert.Equal(ActivityKind.Consumer, consume.Kind);
        Assert.Equal("evt-1", consume.GetTagItem(CheckoutTelemetry.Tags.EventId));
    }

    [Fact]
    public void An_event_committed_inside_a_span_remembers_it_and_keeps_a_context_it_already_has()
    {
        using var request = CheckoutTelemetry.Source.StartActivity("request")!;

        var stamped = EventTracing.WithCurrentTrace(Event());
        var kept = EventTracing.WithCurrentTrace(Event() with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });

        Assert.Equal(request.Id, stamped.TraceParent);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", kept.TraceParent);
    }

    [Fact]
    public void An_event_with_only_daprs_older_traceid_is_still_continued()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";

        using var consume = EventTracing.StartConsume("order.created", Event() with { TraceId = $"00-{traceId}-b7ad6b7169203331-01" })!;

        Assert.Equal((traceId, "b7ad6b7169203331"), (consume.TraceId.ToHexString(), consume.ParentSpanId.ToHexString()));
    }

    [Fact]
    public void An_event_without_a_trace_is_handled_under_the_delivering_call()
    {
        using var delivery = CheckoutTelemetry.Source.StartActivity("delivery")!;

        using var consume = EventTracing.StartConsume("order.created", Event())!;

        Assert.Equal(delivery.TraceId, consume.TraceId);
        Assert.Equal(delivery.SpanId, consume.ParentSpanId);
    }

    [Fact]
    public void Publish_and_consume_spans_are_named_and_tagged_as_messaging()
    {
        using var publish = EventTracing.StartPublish("order.created", Event())!;
        using var consume = EventTracing.StartConsume("order.processing", Event())!;

        Assert.Equal(("publish order.created", ActivityKind.Producer, "publish"), (publish.DisplayName, publish.Kind, publish.GetTagItem(CheckoutTelemetry.Tags.MessagingOperation)));
        Assert.Equal(("consume order.processing", "process", "order.processing", "checkout"), (consume.DisplayName, consume.GetTagItem(CheckoutTelemetry.Tags.MessagingOperation), consume.GetTagItem(CheckoutTelemetry.Tags.Topic), consume.GetTagItem(CheckoutTelemetry.Tags.MessagingSystem)));
    }
}
