using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.Hosting;

namespace Checkout.Bff.Caching;

/// <summary>
/// The BFF is an HTTP app under Dapr (appProtocol: http), so it subscribes the way Dapr
/// asks HTTP apps to: <c>GET /dapr/subscribe</c> lists topic and route, and daprd POSTs
/// each event as a CloudEvent to the route. 200 means handled; anything else, redeliver,
/// and when daprd's attempts run out the event goes to the BFF's dead-letter topic.
/// </summary>
public static class DaprCartCacheSubscription
{
    public const string Route = "/dapr/events/order-created";

    public static void MapDaprSubscriptions(this WebApplication app)
    {
        var pubsub = app.Configuration[ServiceHost.DaprPubSubKey] ?? "pubsub";
        app.MapGet("/dapr/subscribe", () => Results.Json(new[] { new { pubsubname = pubsub, topic = OrderTopics.Created, route = Route, deadLetterTopic = DaprTopicSubscriptions.DeadLetterTopic(AppIds.Bff) } }))
            .ExcludeFromDescription();
        var consumer = app.Services.GetServices<IEventConsumer>().Single(c => c.Topic == OrderTopics.Created);
        app.MapPost(Route, async (CloudEvent cloudEvent, CancellationToken ct) =>
        {
            await consumer.HandleAsync(cloudEvent, ct);
            return Results.Json(new { status = "SUCCESS" });
        }).ExcludeFromDescription();
    }
}
