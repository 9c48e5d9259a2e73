using System.Diagnostics;
using Checkout.Platform.Telemetry;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.Events;

/// <summary>
/// Every consumer, as both the embedded bus and Dapr reach it: its handling is the app's
/// work (<see cref="AppScope"/>), a consumer span in the event's trace, a log line, and a
/// counted attempt.
/// </summary>
public sealed class ObservedConsumer(IEventConsumer inner, Hosting.ServiceIdentity app, EventMetrics metrics, ILogger<ObservedConsumer> logger) : IEventConsumer
{
    public string Topic => inner.Topic;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        AppScope.Enter(app);
        using var activity = EventTracing.StartConsume(Topic, cloudEvent);
        try
        {
            await inner.HandleAsync(cloudEvent, cancellationToken);
            metrics.Handled(Topic, succeeded: true);
            logger.LogInformation("{AppId} handled {Topic} event {EventId}", app.AppId, Topic, cloudEvent.Id);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            metrics.Handled(Topic, succeeded: false);
            throw;
        }
    }
}
