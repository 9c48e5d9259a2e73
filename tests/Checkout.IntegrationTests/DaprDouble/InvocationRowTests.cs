using Checkout.DaprSidecarDouble;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests.DaprDouble;

/// <summary>docs/dapr-semantics.md, "Resiliency": a call through the sidecar with dapr-app-id reaches the app, within the target's timeout.</summary>
public sealed class InvocationRowTests
{
    [Fact]
    public async Task A_call_through_the_sidecar_reaches_the_app_and_one_past_the_targets_timeout_is_deadline_exceeded()
    {
        await using var app = await SubscriberApp.StartAsync(grpc: true);
        using var gate = new ManualResetEventSlim(initialState: true);
        app.Answer = _ =>
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            return new TopicEventResponse();
        };
        var resources = new DaprResources([], [], DeliveryPolicy.Once) { CallTimeouts = new Dictionary<string, TimeSpan> { ["target"] = TimeSpan.FromSeconds(2) } };
        var apps = new Dictionary<string, AppEndpoint> { ["target"] = app.Endpoint, ["caller"] = new("http://127.0.0.1:1", Grpc: true) };
        await using var sidecars = await Sidecars.StartAsync(apps, apps.Keys.ToDictionary(id => id, _ => Standalone.LoopbackPorts.Next()), resources);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{sidecars.Ports["caller"]}");
        var invoker = channel.CreateCallInvoker();
        var method = new Method<TopicEventRequest, TopicEventResponse>(
            MethodType.Unary,
            "dapr.proto.runtime.v1.AppCallback",
            "OnTopicEvent",
            Marshallers.Create(m => m.ToByteArray(), TopicEventRequest.Parser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), TopicEventResponse.Parser.ParseFrom));
        var headers = new Metadata { { "dapr-app-id", "target" } };

        await invoker.AsyncUnaryCall(method, null, new CallOptions(headers), new TopicEventRequest { Id = "fast" });
        Assert.Contains(sidecars.Wire.Calls, c => c.Api == "Invoke" && (c.AppId, c.TargetAppId) == ("caller", "target"));

        gate.Reset();
        var slow = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(method, null, new CallOptions(headers), new TopicEventRequest { Id = "slow" }).ResponseAsync);
        gate.Set();
        Assert.Equal(StatusCode.DeadlineExceeded, slow.StatusCode);
        Assert.Contains(sidecars.Wire.Calls, c => c.Api == "InvokeTimedOut");
    }
}
