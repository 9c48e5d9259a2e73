using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The pub/sub broker behind every sidecar, with daprd's rules on both ends (rows in
/// docs/dapr-semantics.md, "Pub/sub"):
/// <list type="bullet">
/// <item>publish: the app's sidecar must have loaded the component; <c>allowedTopics</c> and
/// <c>publishingScopes</c> may refuse (PermissionDenied); a complete CloudEvent is kept but
/// re-written (topic and pubsubname set, missing attributes added, keys sorted);</item>
/// <item>subscriptions are asked for once per app (ListTopicSubscriptions, GET /dapr/subscribe)
/// and <c>subscriptionScopes</c> can leave one without events;</item>
/// <item>delivery: OnTopicEvent with the CloudEvent's attributes split into fields and
/// extensions and <c>data</c> re-marshalled, or a POST of the stored bytes; SUCCESS acks,
/// RETRY and errors retry under the inbound resiliency policy, DROP acks; when the attempts
/// run out the event goes to the subscription's dead-letter topic, and without one it is
/// lost, as pubsub.redis acknowledges a message whose handler failed.</item>
/// </list>
/// </summary>
public sealed class Broker(IReadOnlyDictionary<string, AppEndpoint> apps, DaprResources resources, WireLog wire) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();
    private readonly HttpClient _http = new();
    private readonly ConcurrentDictionary<(string AppId, string EventId), TaskCompletionSource> _delivered = new();
    private readonly ConcurrentDictionary<(string PubSub, string Topic), ConcurrentQueue<JsonElement>> _streams = new();
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private List<Subscription>? _subscriptions;

    public sealed record Subscription(string AppId, string PubSub, string Topic, string? Route, string? DeadLetterTopic);

    private enum Outcome
    {
        Success,
        Retry,
        Drop,
        DropWithoutDeadLetter,
    }

    /// <summary>Every event that reached the broker on a topic, in order (a Redis stream keeps them).</summary>
    public IReadOnlyList<JsonElement> Stream(string pubsub, string topic) => _streams.TryGetValue((pubsub, topic), out var stream) ? [.. stream] : [];

    /// <summary>Completes when <paramref name="appId"/> has accepted the event.</summary>
    public Task WhenDeliveredAsync(string appId, string eventId) => Delivered(appId, eventId).Task;

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync()
    {
        await _discovery.WaitAsync();
        try
        {
            if (_subscriptions is null)
            {
                var found = new List<Subscription>();
                foreach (var (appId, app) in apps)
                {
                    found.AddRange((await DiscoverAsync(appId, app)).Where(s => Allowed(s)));
                }

                _subscriptions = found;
            }

            return _subscriptions;
        }
        finally
        {
            _discovery.Release();
        }
    }

    /// <summary>The broker hands a stored event out again (pubsub.redis reclaims a message left pending), as a test's redelivery.</summary>
    public Task RedeliverAsync(string pubsub, string topic, JsonElement storedEvent) => RouteAsync(pubsub, topic, storedEvent);

    /// <summary>PublishEvent from <paramref name="appId"/>'s sidecar (dapr pkg/api/grpc/grpc.go <c>validateAndGetPubsubAndTopic</c>, publisher.go <c>Publish</c>).</summary>
    public async Task PublishAsync(string appId, PublishEventRequest request)
    {
        var loaded = resources.PubSubsOf(appId);
        if (loaded.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"pubsub {request.PubsubName} is not configured"));
        }

        var pubsub = loaded.FirstOrDefault(p => p.Name == request.PubsubName)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"pubsub {request.PubsubName} is not found"));
        if (request.Topic.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"topic is empty in pubsub {request.PubsubName}"));
        }

        var cloudEvent = Envelope(appId, request);
        wire.Add(new WireCall(
            appId,
            "PublishEvent",
            PubSub: request.PubsubName,
            Topic: request.Topic,
            ContentType: request.DataContentType,
            EventId: Attribute(cloudEvent, "id"),
            EventType: Attribute(cloudEvent, "type"),
            EventSource: Attribute(cloudEvent, "source"),
            Payload: cloudEvent.GetRawText()));
        if (!TopicScopes.MayPublish(pubsub, appId, request.Topic))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"topic {request.Topic} is not allowed for app id {appId}"));
        }

        await RouteAsync(pubsub.Name, request.Topic, cloudEvent);
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

    /// <summary>
    /// A complete CloudEvent (application/cloudevents+json) is kept with topic and pubsubname
    /// set and time, source, type, specversion, trace fields added where missing; anything
    /// else is wrapped (contrib pubsub/envelope.go <c>FromCloudEvent</c>, <c>NewCloudEventsEnvelope</c>).
    /// </summary>
    private static JsonElement Envelope(string appId, PublishEventRequest request)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (request.DataContentType.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase))
        {
            JsonElement parsed;
            try
            {
                parsed = JsonDocument.Parse(request.Data.Memory).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "cannot create cloudevent"));
            }

            if (parsed.ValueKind != JsonValueKind.Object)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "cannot create cloudevent"));
            }

            foreach (var property in parsed.EnumerateObject())
            {
                attributes[property.Name] = property.Value;
            }

            attributes.TryAdd("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));
            attributes.TryAdd("source", "Dapr");
            attributes.TryAdd("type", "com.dapr.event.sent");
            attributes.TryAdd("specversion", "1.0");
            attributes.TryAdd("tracestate", string.Empty);
            if (!attributes.ContainsKey("traceid"))
            {
                // No span in the double: daprd writes the empty W3C string then.
                attributes["traceid"] = string.Empty;
                attributes["traceparent"] = string.Empty;
            }
        }
        else
        {
            var contentType = request.DataContentType.Length == 0 ? "text/plain" : request.DataContentType;
            attributes["id"] = Guid.NewGuid().ToString();
            attributes["source"] = appId;
            attributes["type"] = "com.dapr.event.sent";
            attributes["specversion"] = "1.0";
            attributes["datacontenttype"] = contentType;
            attributes["time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
            attributes["traceid"] = attributes["traceparent"] = attributes["tracestate"] = string.Empty;
            attributes["data"] = contentType.Contains("json", StringComparison.OrdinalIgnoreCase) && TryParse(request.Data, out var json)
                ? json
                : request.Data.ToStringUtf8();
        }

        attributes["topic"] = request.Topic;
        attributes["pubsubname"] = request.PubsubName;
        return JsonDocument.Parse(GoJson.Marshal(JsonSerializer.SerializeToElement(attributes), numbersAsFloat64: false)).RootElement.Clone();
    }

    private static bool TryParse(ByteString data, out JsonElement json)
    {
        try
        {
            json = JsonDocument.Parse(data.Memory).RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            json = default;
            return false;
        }
    }

    private async Task RouteAsync(string pubsub, string topic, JsonElement cloudEvent)
    {
        _streams.GetOrAdd((pubsub, topic), _ => new ConcurrentQueue<JsonElement>()).Enqueue(cloudEvent);
        foreach (var subscription in (await SubscriptionsAsync()).Where(s => s.PubSub == pubsub && s.Topic == topic))
        {
            _ = Task.Run(() => DeliverAsync(subscription, cloudEvent));
        }
    }

    private bool Allowed(Subscription subscription)
    {
        var pubsub = resources.PubSubsOf(subscription.AppId).FirstOrDefault(p => p.Name == subscription.PubSub);
        if (pubsub is not null && TopicScopes.MaySubscribe(pubsub, subscription.AppId, subscription.Topic))
        {
            return true;
        }

        // daprd logs "subscription to topic ... is not allowed" and retries in the background; the app gets nothing.
        wire.Add(new WireCall(subscription.AppId, "SubscriptionRefused", PubSub: subscription.PubSub, Topic: subscription.Topic));
        return false;
    }

    /// <summary>Asked once; a failure leaves the app without subscriptions until daprd restarts (subscriber.go <c>initProgrammaticSubscriptions</c>).</summary>
    private async Task<IReadOnlyList<Subscription>> DiscoverAsync(string appId, AppEndpoint app)
    {
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            try
            {
                if (app.Grpc)
                {
                    var list = await AppCallbackCalls.ListTopicSubscriptionsAsync(Channel(app));
                    return list.Subscriptions
                        .Select(s => new Subscription(appId, s.PubsubName, s.Topic, null, string.IsNullOrEmpty(s.DeadLetterTopic) ? null : s.DeadLetterTopic))
                        .ToList();
                }

                using var response = await _http.SendAsync(app.Request(HttpMethod.Get, "/dapr/subscribe"));
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return [];
                }

                response.EnsureSuccessStatusCode();
                var declared = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return declared.EnumerateArray()
                    .Select(s => new Subscription(
                        appId,
                        s.GetProperty("pubsubname").GetString()!,
                        s.GetProperty("topic").GetString()!,
                        s.GetProperty("route").GetString(),
                        s.TryGetProperty("deadLetterTopic", out var dead) ? dead.GetString() : null))
                    .ToList();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
            {
                return [];
            }
            catch (Exception) when (attempt < 4)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
            catch (Exception)
            {
                wire.Add(new WireCall(appId, "SubscriptionsUnavailable"));
            }
        }

        return [];
    }

    private async Task DeliverAsync(Subscription subscription, JsonElement cloudEvent)
    {
        var app = apps[subscription.AppId];
        var id = Attribute(cloudEvent, "id");
        var policy = resources.Delivery;
        for (var attempt = 1; policy.MaxAttempts is not { } max || attempt <= max; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(policy.DelayBefore(attempt));
            }

            using var timeout = policy.AttemptTimeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
            Outcome outcome;
            try
            {
                outcome = app.Grpc ? await DeliverGrpcAsync(app, subscription, cloudEvent, timeout.Token) : await DeliverHttpAsync(app, subscription, cloudEvent, timeout.Token);
            }
            catch (Exception)
            {
                outcome = Outcome.Retry;
            }

            wire.Add(new WireCall(subscription.AppId, "Deliver", PubSub: subscription.PubSub, Topic: subscription.Topic, EventId: id, Path: subscription.Route, Payload: outcome switch
            {
                Outcome.Success => "SUCCESS",
                Outcome.Retry => "RETRY",
                _ => "DROP",
            }));
            switch (outcome)
            {
                case Outcome.Success:
                    Delivered(subscription.AppId, id).TrySetResult();
                    return;
                case Outcome.Drop:
                    await DeadLetterAsync(subscription, cloudEvent, id, lostWithout: false);
                    return;
                case Outcome.DropWithoutDeadLetter:
                    return;
            }
        }

        await DeadLetterAsync(subscription, cloudEvent, id, lostWithout: true);
    }

    /// <summary>
    /// subscription.go <c>sendToDeadLetter</c>: the stored event, unchanged, on the dead-letter
    /// topic of the same pub/sub, published as the subscriber (its scopes apply). Without a
    /// dead-letter topic, or if that publish is refused, the error goes back to pubsub.redis,
    /// which acknowledges the message anyway: it is lost.
    /// </summary>
    private async Task DeadLetterAsync(Subscription subscription, JsonElement cloudEvent, string id, bool lostWithout)
    {
        var pubsub = resources.PubSubsOf(subscription.AppId).First(p => p.Name == subscription.PubSub);
        if (subscription.DeadLetterTopic is { } deadLetter && TopicScopes.MayPublish(pubsub, subscription.AppId, deadLetter))
        {
            wire.Add(new WireCall(subscription.AppId, "DeadLetter", PubSub: subscription.PubSub, Topic: deadLetter, EventId: id));
            await RouteAsync(subscription.PubSub, deadLetter, cloudEvent);
            return;
        }

        if (lostWithout)
        {
            wire.Add(new WireCall(subscription.AppId, "Lost", PubSub: subscription.PubSub, Topic: subscription.Topic, EventId: id));
        }
    }

    /// <summary>
    /// postman/grpc <c>Deliver</c>: SUCCESS (or an empty answer) acks, DROP drops, RETRY or an
    /// unknown status retries; the status Unimplemented is acknowledged and never dead-lettered,
    /// any other error retried.
    /// </summary>
    private async Task<Outcome> DeliverGrpcAsync(AppEndpoint app, Subscription subscription, JsonElement cloudEvent, CancellationToken cancellationToken)
    {
        var request = new TopicEventRequest
        {
            Id = Attribute(cloudEvent, "id"),
            Source = Attribute(cloudEvent, "source"),
            Type = Attribute(cloudEvent, "type"),
            SpecVersion = Attribute(cloudEvent, "specversion"),
            DataContentType = Attribute(cloudEvent, "datacontenttype"),
            Data = GrpcData(cloudEvent),
            Topic = subscription.Topic,
            PubsubName = subscription.PubSub,
            Path = subscription.Route ?? string.Empty,
            Extensions = new Struct(),
        };
        foreach (var property in cloudEvent.EnumerateObject().Where(p => p.Name is not ("id" or "source" or "datacontenttype" or "type" or "specversion" or "data" or "data_base64")))
        {
            request.Extensions.Fields[property.Name] = Value.Parser.ParseJson(property.Value.GetRawText());
        }

        try
        {
            var response = await AppCallbackCalls.OnTopicEventAsync(Channel(app), request, cancellationToken);
            return response.Status switch
            {
                TopicEventResponse.Types.TopicEventResponseStatus.Success => Outcome.Success,
                TopicEventResponse.Types.TopicEventResponseStatus.Drop => Outcome.Drop,
                _ => Outcome.Retry,
            };
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            return Outcome.DropWithoutDeadLetter;
        }
    }

    /// <summary>
    /// GRPCEnvelopeFromSubscriptionMessage: data_base64 decoded; text/* and application/xml as
    /// the string; application/json and application/cloudevents+json re-marshalled with float64
    /// numbers; any other or no content type: no data at all.
    /// </summary>
    private static ByteString GrpcData(JsonElement cloudEvent)
    {
        if (cloudEvent.TryGetProperty("data_base64", out var base64))
        {
            return ByteString.FromBase64(base64.GetString());
        }

        if (!cloudEvent.TryGetProperty("data", out var data))
        {
            return ByteString.Empty;
        }

        var contentType = Attribute(cloudEvent, "datacontenttype");
        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "application/xml")
        {
            return data.ValueKind == JsonValueKind.String ? ByteString.CopyFromUtf8(data.GetString()) : throw new InvalidDataException("data is not a string");
        }

        return contentType is "application/json" or "application/cloudevents+json"
            ? ByteString.CopyFromUtf8(GoJson.Marshal(data, numbersAsFloat64: true))
            : ByteString.Empty;
    }

    /// <summary>
    /// postman/http <c>Deliver</c>: the stored bytes as application/cloudevents+json; a 2xx is
    /// success unless its JSON body says RETRY, DROP or anything else (case matters); 404 drops;
    /// any other status retries.
    /// </summary>
    private async Task<Outcome> DeliverHttpAsync(AppEndpoint app, Subscription subscription, JsonElement cloudEvent, CancellationToken cancellationToken)
    {
        using var content = new StringContent(cloudEvent.GetRawText(), Encoding.UTF8, "application/cloudevents+json");
        using var request = app.Request(HttpMethod.Post, subscription.Route ?? string.Empty, content);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return Outcome.Drop;
        }

        if (!response.IsSuccessStatusCode)
        {
            return Outcome.Retry;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("status", out var status)
                ? status.GetString() switch
                {
                    "SUCCESS" or "" => Outcome.Success,
                    "DROP" => Outcome.Drop,
                    _ => Outcome.Retry,
                }
                : Outcome.Success;
        }
        catch (JsonException)
        {
            return Outcome.Success;
        }
    }

    private static string Attribute(JsonElement cloudEvent, string name) =>
        cloudEvent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private GrpcChannel Channel(AppEndpoint app) => _channels.GetOrAdd(app.Address, address => app.AppToken is null
        ? GrpcChannel.ForAddress(address)
        : GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new AppTokenHandler(app.AppToken) }));

    private TaskCompletionSource Delivered(string appId, string eventId) =>
        _delivered.GetOrAdd((appId, eventId), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>
/// Where an app listens, whether daprd talks gRPC (appProtocol: grpc) or HTTP to it, and the
/// app API token daprd was given (APP_API_TOKEN), which it sends on every call to the app as
/// <c>dapr-api-token</c> (dapr pkg/channel/grpc/grpc_channel.go <c>AddAppTokenToContext</c>,
/// pkg/channel/http/http_channel.go, pkg/messaging/grpc_proxy.go).
/// </summary>
public sealed record AppEndpoint(string Address, bool Grpc, string? AppToken = null)
{
    /// <summary>The header daprd puts the token in (pkg/security/consts <c>APITokenHeader</c>).</summary>
    public const string TokenHeader = "dapr-api-token";

    /// <summary>A request to the app, carrying the token when daprd has one.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Address + path) { Content = content };
        if (AppToken is not null)
        {
            request.Headers.Add(TokenHeader, AppToken);
        }

        return request;
    }
}

/// <summary>Adds the app API token to every gRPC call daprd makes to the app.</summary>
internal sealed class AppTokenHandler(string token) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add(AppEndpoint.TokenHeader, token);
        return base.SendAsync(request, cancellationToken);
    }
}
