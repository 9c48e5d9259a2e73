using System.Diagnostics;
using Checkout.Platform.Events;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// How a checkout's trace crosses pub/sub: an event remembers the span that caused it
/// (the CloudEvents distributed-tracing extension, <c>traceparent</c>); publishing is a
/// producer span under it, and the event leaves carrying the producer span; each consumer's
/// handling is a consumer span under that.
/// </summary>
public static class EventTracing
{
    /// <summary>The event with the current span's trace context, unless it already has one.</summary>
    public static CloudEvent WithCurrentTrace(CloudEvent cloudEvent) =>
        cloudEvent.TraceParent is null && Activity.Current is { } current ? Carrying(cloudEvent, current) : cloudEvent;

    /// <summary>A producer span for publishing <paramref name="cloudEvent"/>, under the span that caused it.</summary>
    public static Activity? StartPublish(string topic, CloudEvent cloudEvent) =>
        Start($"publish {topic}", ActivityKind.Producer, topic, cloudEvent, "publish");

    /// <summary>A consumer span for handling <paramref name="cloudEvent"/>, under the span that published it.</summary>
    public static Activity? StartConsume(string topic, CloudEvent cloudEvent) =>
        Start($"consume {topic}", ActivityKind.Consumer, topic, cloudEvent, "process");

    /// <summary>The event as it leaves: carrying <paramref name="span"/>'s context under both names daprd reads.</summary>
    public static CloudEvent Carrying(CloudEvent cloudEvent, Activity? span) => span?.Id is { } id
        ? cloudEvent with { TraceParent = id, TraceId = id, TraceState = span.TraceStateString }
        : cloudEvent;

    private static Activity? Start(string name, ActivityKind kind, string topic, CloudEvent cloudEvent, string operation)
    {
        // The event's own context first: under Dapr the delivering call may carry daprd's span
        // or, with its tracing off, none (pkg/runtime/pubsub/subscriptions.go).
        var parent = ActivityContext.TryParse(cloudEvent.TraceParent ?? cloudEvent.TraceId, cloudEvent.TraceState, out var context)
            ? context
            : Activity.Current?.Context ?? default;
        var activity = CheckoutTelemetry.Source.StartActivity(name, kind, parent);
        activity?.SetTag(CheckoutTelemetry.Tags.MessagingSystem, "checkout");
        activity?.SetTag(CheckoutTelemetry.Tags.MessagingOperation, operation);
        activity?.SetTag(CheckoutTelemetry.Tags.Topic, topic);
        activity?.SetTag(CheckoutTelemetry.Tags.EventId, cloudEvent.Id);
        return activity;
    }
}
