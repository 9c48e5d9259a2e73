using System.Net;
using Checkout.DaprSidecarDouble;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using DaprGrpc = Dapr.Client.Autogen.Grpc.v1.Dapr;

namespace Checkout.IntegrationTests.DaprDouble;

/// <summary>
/// One test per row of docs/dapr-semantics.md, "Pub/sub": what the double's broker does
/// with a publish, a subscription and each answer of a subscriber, as daprd does.
/// </summary>
public sealed class PubSubRowTests
{
    private const string Publisher = "publisher";
    private const string Subscriber = "subscriber";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly PubSubComponent PubSub = new(
        "pubsub",
        "pubsub.redis",
        "v1",
        [Publisher, Subscriber, "free"],
        AllowedTopics: $"{SubscriberApp.Topic},{SubscriberApp.DeadLetter},audit",
        PublishingScopes: $"{Publisher}={SubscriberApp.Topic};{Subscriber}={SubscriberApp.DeadLetter}",
        SubscriptionScopes: $"{Subscriber}={SubscriberApp.Topic}");

    private static readonly DeliveryPolicy ThreeAttempts = new(3, false, TimeSpan.FromMilliseconds(20), TimeSpan.Zero, null);

    [Fact]
    public async Task A_topic_outside_allowed_topics_or_the_apps_publishing_scopes_is_permission_denied()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => mesh.PublishAsync(Publisher, "audit", Event("e1")))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => mesh.PublishAsync(Publisher, "elsewhere", Event("e2")))).StatusCode);

        // An app publishingScopes does not name may publish any allowed topic.
        await mesh.PublishAsync("free", "audit", Event("e3"));
        Assert.Single(mesh.Sidecars.Broker.Stream("pubsub", "audit"));
    }

    [Fact]
    public async Task A_published_cloud_event_keeps_its_attributes_and_gets_the_topic_the_pubsub_and_what_is_missing()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, """{"specversion":"1.0","id":"e1","type":"order.created","source":"order-service","datacontenttype":"application/json","topic":"wrong","data":{"b":1.50,"a":"<x>"}}""");

        var stored = Assert.Single(mesh.Sidecars.Broker.Stream("pubsub", SubscriberApp.Topic));
        Assert.Equal(("e1", "order.created", "order-service"), (stored.GetProperty("id").GetString(), stored.GetProperty("type").GetString(), stored.GetProperty("source").GetString()));
        Assert.Equal((SubscriberApp.Topic, "pubsub"), (stored.GetProperty("topic").GetString(), stored.GetProperty("pubsubname").GetString()));
        Assert.True(stored.TryGetProperty("time", out _));
        Assert.Equal(string.Empty, stored.GetProperty("traceparent").GetString());
        // Re-marshalled by Go: keys sorted, numbers as written.
        Assert.Equal(stored.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), stored.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1.50", stored.GetProperty("data").GetProperty("b").GetRawText());
    }

    [Fact]
    public async Task A_grpc_subscriber_gets_the_attributes_as_fields_the_rest_as_extensions_and_data_re_marshalled()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, """{"specversion":"1.0","id":"e1","type":"t","source":"s","datacontenttype":"application/json","time":"2026-01-01T00:00:00Z","data":{"b":1.50,"a":"<x>"}}""");
        await mesh.Sidecars.Broker.WhenDeliveredAsync(Subscriber, "e1").WaitAsync(Timeout);

        var received = Assert.Single(mesh.Subscriber.Received);
        Assert.Equal(("e1", "t", "s", "1.0", "application/json"), (received.Id, received.Type, received.Source, received.SpecVersion, received.DataContentType));
        Assert.Equal((SubscriberApp.Topic, "pubsub"), (received.Topic, received.PubsubName));
        Assert.Equal("""{"a":"\u003cx\u003e","b":1.5}""", received.Data.ToStringUtf8());
        Assert.Equal("2026-01-01T00:00:00Z", received.Extensions.Fields["time"].StringValue);
        Assert.Contains("traceid", received.Extensions.Fields.Keys);
        Assert.DoesNotContain("id", received.Extensions.Fields.Keys);
    }

    [Fact]
    public async Task A_grpc_subscriber_gets_no_data_when_the_event_names_no_json_content_type()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, """{"specversion":"1.0","id":"e1","type":"t","source":"s","data":{"a":1}}""");
        await mesh.Sidecars.Broker.WhenDeliveredAsync(Subscriber, "e1").WaitAsync(Timeout);
        Assert.True(Assert.Single(mesh.Subscriber.Received).Data.IsEmpty);
    }

    [Fact]
    public async Task Retry_is_tried_as_often_as_the_inbound_policy_says_then_goes_to_the_dead_letter_topic()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        mesh.Subscriber.Answer = _ => new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Retry };
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.WaitForAsync(w => w.Any(c => c.Api == "DeadLetter"));
        Assert.Equal(3, mesh.Subscriber.Received.Count);
        Assert.Equal("e1", Assert.Single(mesh.Sidecars.Broker.Stream("pubsub", SubscriberApp.DeadLetter)).GetProperty("id").GetString());
        Assert.DoesNotContain(mesh.Sidecars.Wire.Calls, c => c.Api == "Lost");
    }

    [Fact]
    public async Task Drop_is_not_retried_and_goes_to_the_dead_letter_topic()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        mesh.Subscriber.Answer = _ => new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Drop };
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.WaitForAsync(w => w.Any(c => c.Api == "DeadLetter"));
        Assert.Single(mesh.Subscriber.Received);
    }

    [Fact]
    public async Task Unimplemented_from_the_app_is_acknowledged_and_never_dead_lettered()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        mesh.Subscriber.Answer = _ => throw new RpcException(new Status(StatusCode.Unimplemented, "no"));
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.WaitForAsync(w => w.Any(c => c.Api == "Deliver"));
        Assert.Single(mesh.Subscriber.Received);
        Assert.DoesNotContain(mesh.Sidecars.Wire.Calls, c => c.Api is "DeadLetter" or "Lost");
    }

    [Fact]
    public async Task Any_other_error_from_the_app_is_retried()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true);
        mesh.Subscriber.Answer = request => mesh.Subscriber.Received.Count < 2
            ? throw new RpcException(new Status(StatusCode.NotFound, "business error"))
            : new TopicEventResponse();
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.Sidecars.Broker.WhenDeliveredAsync(Subscriber, "e1").WaitAsync(Timeout);
        Assert.Equal(2, mesh.Subscriber.Received.Count);
    }

    [Fact]
    public async Task Without_a_dead_letter_topic_an_event_that_keeps_failing_is_lost()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true, deadLetterTopic: null);
        mesh.Subscriber.Answer = _ => new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Retry };
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.WaitForAsync(w => w.Any(c => c.Api == "Lost"));
    }

    [Fact]
    public async Task A_dead_letter_topic_the_subscriber_may_not_publish_loses_the_event()
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: true, deadLetterTopic: "audit");
        mesh.Subscriber.Answer = _ => new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Retry };
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.WaitForAsync(w => w.Any(c => c.Api == "Lost"));
        Assert.Empty(mesh.Sidecars.Broker.Stream("pubsub", "audit"));
    }

    [Fact]
    public async Task A_subscription_outside_subscription_scopes_gets_nothing()
    {
        var scoped = PubSub with { SubscriptionScopes = $"{Subscriber}=audit" };
        await using var mesh = await BrokerMesh.StartAsync(grpc: true, pubsub: scoped);
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        Assert.Contains(mesh.Sidecars.Wire.Calls, c => c.Api == "SubscriptionRefused" && c.AppId == Subscriber);
        Assert.Empty(mesh.Subscriber.Received);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "", 1, "SUCCESS")]
    [InlineData(HttpStatusCode.OK, "{\"status\":\"SUCCESS\"}", 1, "SUCCESS")]
    [InlineData(HttpStatusCode.OK, "{\"status\":\"success\"}", 3, "DeadLetter")]
    [InlineData(HttpStatusCode.NotFound, "", 1, "DeadLetter")]
    [InlineData(HttpStatusCode.InternalServerError, "", 3, "DeadLetter")]
    public async Task An_http_subscriber_gets_the_stored_bytes_and_its_answer_decides(HttpStatusCode status, string body, int attempts, string outcome)
    {
        await using var mesh = await BrokerMesh.StartAsync(grpc: false);
        mesh.Subscriber.HttpAnswer = (status, body);
        await mesh.PublishAsync(Publisher, SubscriberApp.Topic, Event("e1"));

        await mesh.WaitForAsync(w => outcome == "SUCCESS" ? w.Any(c => c.Api == "Deliver" && c.Payload == "SUCCESS") : w.Any(c => c.Api == outcome));
        Assert.Equal(attempts, mesh.Subscriber.ReceivedBodies.Count);
        Assert.Equal(mesh.Sidecars.Broker.Stream("pubsub", SubscriberApp.Topic).Single().GetRawText(), mesh.Subscriber.ReceivedBodies.First());
    }

    private static string Event(string id) => $$$"""{"specversion":"1.0","id":"{{{id}}}","type":"t","source":"s","datacontenttype":"application/json","data":{"n":1}}""";

    /// <summary>A publisher, a subscriber and a free app, each with its sidecar, on one broker.</summary>
    private sealed class BrokerMesh : IAsyncDisposable
    {
        private readonly SubscriberApp _publisher;
        private readonly SubscriberApp _free;
        private readonly Dictionary<string, GrpcChannel> _channels;

        private BrokerMesh(Sidecars sidecars, SubscriberApp subscriber, SubscriberApp publisher, SubscriberApp free)
        {
            Sidecars = sidecars;
            Subscriber = subscriber;
            _publisher = publisher;
            _free = free;
            _channels = sidecars.Ports.ToDictionary(p => p.Key, p => GrpcChannel.ForAddress($"http://127.0.0.1:{p.Value}"));
        }

        public Sidecars Sidecars { get; }

        public SubscriberApp Subscriber { get; }

        public static async Task<BrokerMesh> StartAsync(bool grpc, string? deadLetterTopic = SubscriberApp.DeadLetter, PubSubComponent? pubsub = null)
        {
            var subscriber = await SubscriberApp.StartAsync(grpc, deadLetterTopic);
            var publisher = await SubscriberApp.StartAsync(grpc: true, subscribe: false);
            var free = await SubscriberApp.StartAsync(grpc: true, subscribe: false);
            var apps = new Dictionary<string, AppEndpoint> { [PubSubRowTests.Subscriber] = subscriber.Endpoint, [Publisher] = publisher.Endpoint, ["free"] = free.Endpoint };
            var resources = new DaprResources([], [pubsub ?? PubSub], ThreeAttempts);
            var sidecars = await Sidecars.StartAsync(apps, apps.Keys.ToDictionary(id => id, _ => Standalone.LoopbackPorts.Next()), resources);
            return new BrokerMesh(sidecars, subscriber, publisher, free);
        }

        public async Task PublishAsync(string appId, string topic, string cloudEvent) =>
            await new DaprGrpc.DaprClient(_channels[appId]).PublishEventAsync(new PublishEventRequest
            {
                PubsubName = "pubsub",
                Topic = topic,
                Data = ByteString.CopyFromUtf8(cloudEvent),
                DataContentType = "application/cloudevents+json",
            });

        /// <summary>The broker writes every step to the wire log; wait for that, not for time.</summary>
        public async Task WaitForAsync(Func<IReadOnlyList<WireCall>, bool> condition)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (!condition(Sidecars.Wire.Calls))
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            await Sidecars.DisposeAsync();
            await Subscriber.DisposeAsync();
            await _publisher.DisposeAsync();
            await _free.DisposeAsync();
        }
    }
}
