using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The pub/sub broker behind every sidecar. It learns each app's subscriptions the way
/// daprd does (AppCallback.ListTopicSubscriptions for gRPC apps, GET /dapr/subscribe for
/// HTTP apps) and delivers each published CloudEvent to every subscriber: OnTopicEvent for
/// gRPC apps, a POST of the CloudEvent to the route for HTTP apps. A RETRY answer or a
/// failure is redelivered a few times, as a resiliency policy would.
/// </summary>
public sealed class Broker(IReadOnlyDictionary<string, AppEndpoint> apps, WireLog wire) : IDisposable
{
    private const int MaxAttempts = 5;
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();
    private readonly HttpClient _http = new();
    private readonly ConcurrentDictionary<(string AppId, string EventId), TaskCompletionSource> _delivered = new();
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private List<Subscription>? _subscriptions;

    public sealed record Subscription(string AppId, string PubSub, string Topic, string? Route);

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync()
    {
        await _discovery.WaitAsync();
        try
        {
            if (_subscriptions is not null)
            {
                return _subscriptions;
            }

            var found = new List<Subscription>();
            foreach (var (appId, app) in apps)
            {
                if (app.Grpc)
                {
                    var list = await AppCallbackCalls.ListTopicSubscriptionsAsync(Channel(app));
                    found.AddRange(list.Subscriptions.Select(s => new Subscription(appId, s.PubsubName, s.Topic, null)));
                }
                else
                {
                    var list = await _http.GetFromJsonAsync<JsonElement>($"{app.Address}/dapr/subscribe");
                    found.AddRange(list.EnumerateArray().Select(s => new Subscription(appId, s.GetProperty("pubsubname").GetString()!, s.GetProperty("topic").GetString()!, s.GetProperty("route").GetString())));
                }
            }

            _subscriptions = found;
            return found;
        }
        finally
        {
            _discovery.Release();
        }
    }

    /// <summary>Completes when <paramref name="appId"/> has accepted the event.</summary>
    public Task WhenDeliveredAsync(string appId, string eventId) => Delivered(appId, eventId).Task;

    public async Task PublishAsync(string pubsub, string topic, JsonElement cloudEvent)
    {
        foreach (var subscription in (await SubscriptionsAsync()).Where(s => s.PubSub == pubsub && s.Topic == topic))
        {
            _ = Task.Run(() => DeliverAsync(subscription, cloudEvent));
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _http.Dispose();
        _discovery.Dispose();
    }

    private async Task DeliverAsync(Subscription subscription, JsonElement cloudEvent)
    {
        var app = apps[subscription.AppId];
        var id = cloudEvent.GetProperty("id").GetString()!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            bool accepted;
            try
            {
                accepted = app.Grpc ? await DeliverGrpcAsync(app, subscription, cloudEvent) : await DeliverHttpAsync(app, subscription, cloudEvent);
            }
            catch (Exception)
            {
                accepted = false;
            }

            wire.Add(new WireCall(subscription.AppId, "Deliver", PubSub: subscription.PubSub, Topic: subscription.Topic, EventId: id, Path: subscription.Route, Payload: accepted ? "SUCCESS" : "RETRY"));
            if (accepted)
            {
                Delivered(subscription.AppId, id).TrySetResult();
                return;
            }
        }
    }

    private async Task<bool> DeliverGrpcAsync(AppEndpoint app, Subscription subscription, JsonElement cloudEvent)
    {
        var request = new TopicEventRequest
        {
            Id = cloudEvent.GetProperty("id").GetString(),
            Type = cloudEvent.GetProperty("type").GetString(),
            Source = cloudEvent.GetProperty("source").GetString(),
            SpecVersion = cloudEvent.TryGetProperty("specversion", out var version) ? version.GetString() : "1.0",
            DataContentType = cloudEvent.TryGetProperty("datacontenttype", out var contentType) ? contentType.GetString() : "application/json",
            Data = ByteString.CopyFromUtf8(cloudEvent.GetProperty("data").GetRawText()),
            Topic = subscription.Topic,
            PubsubName = subscription.PubSub,
            Extensions = new Struct(),
        };
        if (cloudEvent.TryGetProperty("time", out var time))
        {
            request.Extensions.Fields["time"] = Value.ForString(time.GetString());
        }

        var response = await AppCallbackCalls.OnTopicEventAsync(Channel(app), request);
        return response.Status == TopicEventResponse.Types.TopicEventResponseStatus.Success;
    }

    private async Task<bool> DeliverHttpAsync(AppEndpoint app, Subscription subscription, JsonElement cloudEvent)
    {
        using var content = new StringContent(cloudEvent.GetRawText(), System.Text.Encoding.UTF8, "application/cloudevents+json");
        using var response = await _http.PostAsync($"{app.Address}{subscription.Route}", content);
        return response.IsSuccessStatusCode;
    }

    private GrpcChannel Channel(AppEndpoint app) => _channels.GetOrAdd(app.Address, address => GrpcChannel.ForAddress(address));

    private TaskCompletionSource Delivered(string appId, string eventId) =>
        _delivered.GetOrAdd((appId, eventId), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Where an app listens, and whether daprd talks gRPC (appProtocol: grpc) or HTTP to it.</summary>
public sealed record AppEndpoint(string Address, bool Grpc);
