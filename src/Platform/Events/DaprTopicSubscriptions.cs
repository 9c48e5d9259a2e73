using System.Text.Json;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.Events;

/// <summary>
/// How a gRPC app receives pub/sub under Dapr (appProtocol: grpc): daprd asks the app's
/// AppCallback service which topics it subscribes to, then calls OnTopicEvent for each
/// event. The event's CloudEvent attributes arrive as fields and its <c>data</c> as bytes;
/// they are put back together as our <see cref="CloudEvent"/> for the app's handlers,
/// which deduplicate by event id as on the embedded default. A handler failure answers
/// RETRY, so daprd redelivers under the resiliency policy; when its attempts run out, daprd
/// puts the event on the app's dead-letter topic (<see cref="DeadLetterTopic"/>), as the
/// embedded bus keeps its dead letters.
/// </summary>
public sealed class DaprTopicSubscriptions(IEnumerable<IEventConsumer> handlers, IConfiguration configuration, Hosting.ServiceIdentity identity, TimeProvider clock, ILogger<DaprTopicSubscriptions> logger, DeadLetterStore? deadLetters = null)
    : AppCallback.AppCallbackBase
{
    /// <summary>Where daprd puts an event <paramref name="appId"/> could not handle (declared in components/pubsub.yaml).</summary>
    public static string DeadLetterTopic(string appId) => $"{appId}.deadletter";

    private readonly ILookup<string, IEventConsumer> _byTopic = handlers.ToLookup(h => h.Topic, StringComparer.Ordinal);

    private string PubSub => configuration[Hosting.ServiceHost.DaprPubSubKey] ?? "pubsub";

    /// <summary>A string extension attribute of the event (daprd passes traceparent and the like there), null when absent or empty.</summary>
    private static string? Extension(TopicEventRequest request, string name) =>
        request.Extensions?.Fields.TryGetValue(name, out var value) == true && value.StringValue is { Length: > 0 } text ? text : null;

    public override Task<ListTopicSubscriptionsResponse> ListTopicSubscriptions(Empty request, ServerCallContext context)
    {
        var response = new ListTopicSubscriptionsResponse();
        response.Subscriptions.AddRange(_byTopic.Select(topic => new TopicSubscription { PubsubName = PubSub, Topic = topic.Key, DeadLetterTopic = DeadLetterTopic(identity.AppId) }));
        if (deadLetters is not null && response.Subscriptions.Count > 0)
        {
            // The app's own dead letters come back to it, to be kept in its state (DeadLetterStore).
            response.Subscriptions.Add(new TopicSubscription { PubsubName = PubSub, Topic = DeadLetterTopic(identity.AppId) });
        }

        return Task.FromResult(response);
    }

    public override async Task<TopicEventResponse> OnTopicEvent(TopicEventRequest request, ServerCallContext context)
    {
        var subscribed = _byTopic[request.Topic].ToList();
        if (deadLetters is not null && request.Topic == DeadLetterTopic(identity.AppId))
        {
            return await KeepDeadLetterAsync(request, context);
        }

        if (subscribed.Count == 0)
        {
            return new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Drop };
        }

        // daprd hands over the CloudEvent's own attributes as fields, the rest (time among them)
        // as extensions, and data re-marshalled as JSON (docs/dapr-semantics.md).
        var cloudEvent = ToCloudEvent(request);
        try
        {
            foreach (var handler in subscribed)
            {
                await handler.HandleAsync(cloudEvent, context.CancellationToken);
            }

            deadLetters?.Handled(request.Id);
            return new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Success };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Event {EventId} on {Topic} failed; asking Dapr to redeliver", request.Id, request.Topic);
            deadLetters?.Refused(request.Id, ex.Message);
            return new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Retry };
        }
    }

    /// <summary>
    /// An event of this app's dead-letter topic: daprd published the stored event unchanged
    /// (pkg/runtime/subscription/subscription.go <c>sendToDeadLetter</c>), so its
    /// <c>topic</c> attribute still names the topic it was published on.
    /// </summary>
    private async Task<TopicEventResponse> KeepDeadLetterAsync(TopicEventRequest request, ServerCallContext context)
    {
        var cloudEvent = ToCloudEvent(request);
        var topic = Extension(request, "topic") is { } original && original != request.Topic ? original : cloudEvent.Type;
        var error = deadLetters!.LastRefusal(request.Id) ?? "Dapr's delivery attempts ran out.";
        try
        {
            await deadLetters!.AddAsync(topic, cloudEvent with { Topic = topic }, error, context.CancellationToken);
            return new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Success };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Keeping dead letter {EventId} failed; asking Dapr to redeliver", request.Id);
            return new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Retry };
        }
    }

    private CloudEvent ToCloudEvent(TopicEventRequest request) =>
        new()
        {
            Id = request.Id,
            Type = request.Type,
            Source = request.Source,
            SpecVersion = string.IsNullOrEmpty(request.SpecVersion) ? "1.0" : request.SpecVersion,
            DataContentType = request.DataContentType,
            Topic = request.Topic,
            Time = request.Extensions?.Fields.TryGetValue("time", out var time) == true && DateTimeOffset.TryParse(time.StringValue, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed)
                ? parsed
                : clock.GetUtcNow(),
            Data = request.Data.IsEmpty ? default : JsonDocument.Parse(request.Data.Memory).RootElement.Clone(),
            TraceParent = Extension(request, "traceparent"),
            TraceId = Extension(request, "traceid"),
            TraceState = Extension(request, "tracestate"),
        };
}
