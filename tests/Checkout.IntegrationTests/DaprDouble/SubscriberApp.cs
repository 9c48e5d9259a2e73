using System.Collections.Concurrent;
using System.Net;
using Checkout.DaprSidecarDouble;
using Checkout.Standalone;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Checkout.IntegrationTests.DaprDouble;

/// <summary>
/// A subscribing app for the broker's tests: gRPC (AppCallback) or HTTP (/dapr/subscribe and a
/// route), subscribed to <see cref="Topic"/> with a dead-letter topic, answering every event
/// the way <see cref="Answer"/> says and keeping what it received.
/// </summary>
public sealed class SubscriberApp : IAsyncDisposable
{
    public const string Topic = "orders";
    public const string DeadLetter = "orders.dead";

    private readonly WebApplication _host;

    private SubscriberApp(WebApplication host, AppEndpoint endpoint)
    {
        _host = host;
        Endpoint = endpoint;
    }

    public AppEndpoint Endpoint { get; }

    /// <summary>What the app answers to each event; by default SUCCESS.</summary>
    public Func<TopicEventRequest, TopicEventResponse> Answer { get; set; } = _ => new TopicEventResponse { Status = TopicEventResponse.Types.TopicEventResponseStatus.Success };

    /// <summary>What the HTTP app answers: a status and a body.</summary>
    public (HttpStatusCode Status, string Body) HttpAnswer { get; set; } = (HttpStatusCode.OK, "{\"status\":\"SUCCESS\"}");

    public ConcurrentQueue<TopicEventRequest> Received { get; } = new();

    public ConcurrentQueue<string> ReceivedBodies { get; } = new();

    public string? DeadLetterTopic { get; init; } = DeadLetter;

    /// <param name="grpc">An app on gRPC (AppCallback), or on HTTP (/dapr/subscribe).</param>
    /// <param name="deadLetterTopic">The dead-letter topic the app's subscription names, or none.</param>
    /// <param name="subscribe">False: an app that only publishes (AppCallback unimplemented, so daprd finds no subscriptions).</param>
    public static async Task<SubscriberApp> StartAsync(bool grpc, string? deadLetterTopic = DeadLetter, bool subscribe = true)
    {
        var port = LoopbackPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        builder.Services.AddGrpc();
        SubscriberApp? self = null;
        builder.Services.AddSingleton(_ => self!);
        var host = builder.Build();
        self = new SubscriberApp(host, new AppEndpoint($"http://127.0.0.1:{port}", grpc)) { DeadLetterTopic = deadLetterTopic };
        if (!subscribe)
        {
        }
        else if (grpc)
        {
            host.MapGrpcService<Callback>();
        }
        else
        {
            host.MapGet("/dapr/subscribe", () => Results.Json(new[] { new { pubsubname = "pubsub", topic = Topic, route = "/events", deadLetterTopic = self.DeadLetterTopic } }));
            host.MapPost("/events", async (HttpRequest request) =>
            {
                self.ReceivedBodies.Enqueue(await new StreamReader(request.Body).ReadToEndAsync());
                return Results.Content(self.HttpAnswer.Body, "application/json", statusCode: (int)self.HttpAnswer.Status);
            });
        }

        await host.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    private sealed class Callback(SubscriberApp app) : AppCallback.AppCallbackBase
    {
        public override Task<ListTopicSubscriptionsResponse> ListTopicSubscriptions(Empty request, ServerCallContext context) =>
            Task.FromResult(new ListTopicSubscriptionsResponse { Subscriptions = { new TopicSubscription { PubsubName = "pubsub", Topic = Topic, DeadLetterTopic = app.DeadLetterTopic ?? string.Empty } } });

        public override Task<TopicEventResponse> OnTopicEvent(TopicEventRequest request, ServerCallContext context)
        {
            app.Received.Enqueue(request);
            return Task.FromResult(app.Answer(request));
        }
    }
}
