using System.Text.Json;
using Dapr.Client;

namespace Checkout.Platform.Events;

/// <summary>
/// Publishes through the sidecar's pub/sub component. The event goes out as a
/// complete CloudEvent (content type application/cloudevents+json) so Dapr keeps our
/// id, type and source instead of wrapping the payload in an envelope of its own.
/// </summary>
public sealed class DaprEventPublisher(DaprClient dapr, string pubSubName) : IEventPublisher
{
    public const string CloudEventContentType = "application/cloudevents+json";

    public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken cancellationToken = default) =>
        dapr.PublishByteEventAsync(
            pubSubName,
            topic,
            JsonSerializer.SerializeToUtf8Bytes(cloudEvent, State.JsonStateExtensions.Options),
            CloudEventContentType,
            cancellationToken: cancellationToken);
}
