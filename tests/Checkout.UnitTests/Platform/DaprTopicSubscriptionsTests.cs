using Checkout.Platform.Events;
using Checkout.Platform.Hosting;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Platform;

public sealed class DaprTopicSubscriptionsTests
{
    private sealed class Recorder : IEventConsumer
    {
        public string Topic => "order.created";

        public CloudEvent? Received { get; private set; }

        public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
        {
            Received = cloudEvent;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task An_event_without_a_time_is_stamped_with_business_time_not_the_machine_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var recorder = new Recorder();
        var subscriptions = new DaprTopicSubscriptions([recorder], new ConfigurationBuilder().Build(), new ServiceIdentity("cart"), clock, NullLogger<DaprTopicSubscriptions>.Instance);

        await subscriptions.OnTopicEvent(new TopicEventRequest { Id = "evt-1", Type = "order.created", Source = "order-service", Topic = "order.created", DataContentType = "application/json", Data = Google.Protobuf.ByteString.CopyFromUtf8("{}") }, new TestCallContext());

        Assert.Equal(clock.GetUtcNow(), recorder.Received?.Time);
    }

    [Fact]
    public async Task The_trace_context_daprd_hands_over_as_extensions_reaches_the_consumer()
    {
        var recorder = new Recorder();
        var subscriptions = new DaprTopicSubscriptions([recorder], new ConfigurationBuilder().Build(), new ServiceIdentity("cart"), TimeProvider.System, NullLogger<DaprTopicSubscriptions>.Instance);
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var request = new TopicEventRequest { Id = "evt-1", Type = "order.created", Source = "order-service", Topic = "order.created", DataContentType = "application/json", Data = Google.Protobuf.ByteString.CopyFromUtf8("{}"), Extensions = new Google.Protobuf.WellKnownTypes.Struct() };
        // pkg/runtime/pubsub/subscriptions.go ExtractCloudEventExtensions: every attribute but the core ones.
        request.Extensions.Fields["traceparent"] = Google.Protobuf.WellKnownTypes.Value.ForString(traceParent);
        request.Extensions.Fields["traceid"] = Google.Protobuf.WellKnownTypes.Value.ForString(traceParent);
        request.Extensions.Fields["tracestate"] = Google.Protobuf.WellKnownTypes.Value.ForString(string.Empty);

        await subscriptions.OnTopicEvent(request, new TestCallContext());

        Assert.Equal(traceParent, recorder.Received?.TraceParent);
        Assert.Null(recorder.Received?.TraceState);
    }

    [Fact]
    public async Task An_app_subscribes_to_its_own_dead_letter_topic_and_keeps_what_arrives_there_under_the_original_topic()
    {
        var recorder = new Recorder();
        var state = new Checkout.Platform.State.InMemoryStateStore(TimeProvider.System);
        var deadLetters = new DeadLetterStore(state, [recorder], TestMeters.Events("cart"), TimeProvider.System);
        var subscriptions = new DaprTopicSubscriptions([recorder], new ConfigurationBuilder().Build(), new ServiceIdentity("cart"), TimeProvider.System, NullLogger<DaprTopicSubscriptions>.Instance, deadLetters);

        var listed = await subscriptions.ListTopicSubscriptions(new Google.Protobuf.WellKnownTypes.Empty(), new TestCallContext());
        // subscription.go sendToDeadLetter publishes the stored event unchanged: its topic attribute is the original.
        var request = new TopicEventRequest { Id = "evt-1", Type = "order.created", Source = "order-service", Topic = "cart.deadletter", DataContentType = "application/json", Data = Google.Protobuf.ByteString.CopyFromUtf8("{}"), Extensions = new Google.Protobuf.WellKnownTypes.Struct() };
        request.Extensions.Fields["topic"] = Google.Protobuf.WellKnownTypes.Value.ForString("order.created");
        var answer = await subscriptions.OnTopicEvent(request, new TestCallContext());

        Assert.Contains(listed.Subscriptions, s => s.Topic == "cart.deadletter" && s.DeadLetterTopic.Length == 0);
        Assert.Equal(TopicEventResponse.Types.TopicEventResponseStatus.Success, answer.Status);
        Assert.Null(recorder.Received);
        var kept = Assert.Single(await deadLetters.ListAsync(CancellationToken.None));
        Assert.Equal(("order.created", "evt-1"), (kept.Topic, kept.Event.Id));
    }
}
