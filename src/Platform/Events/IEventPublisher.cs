namespace Checkout.Platform.Events;

/// <summary>Publishes events to a topic; delivery is at least once, so consumers deduplicate by event id.</summary>
public interface IEventPublisher
{
    Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken cancellationToken = default);
}

/// <summary>Something a service does when an event arrives on a topic.</summary>
public interface IEventConsumer
{
    string Topic { get; }

    Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken);
}
