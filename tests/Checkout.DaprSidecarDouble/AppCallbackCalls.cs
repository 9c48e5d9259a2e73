using Dapr.AppCallback.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The calls daprd makes to a gRPC app (dapr.proto.runtime.v1.AppCallback). Dapr.Protos
/// ships the server side of this service only, so the client methods are declared here.
/// </summary>
internal static class AppCallbackCalls
{
    private const string ServiceName = "dapr.proto.runtime.v1.AppCallback";

    private static readonly Method<Empty, ListTopicSubscriptionsResponse> ListTopicSubscriptions =
        Unary("ListTopicSubscriptions", Empty.Parser, ListTopicSubscriptionsResponse.Parser);

    private static readonly Method<TopicEventRequest, TopicEventResponse> OnTopicEvent =
        Unary("OnTopicEvent", TopicEventRequest.Parser, TopicEventResponse.Parser);

    public static Task<ListTopicSubscriptionsResponse> ListTopicSubscriptionsAsync(GrpcChannel channel) =>
        channel.CreateCallInvoker().AsyncUnaryCall(ListTopicSubscriptions, null, default, new Empty()).ResponseAsync;

    public static Task<TopicEventResponse> OnTopicEventAsync(GrpcChannel channel, TopicEventRequest request, CancellationToken cancellationToken) =>
        channel.CreateCallInvoker().AsyncUnaryCall(OnTopicEvent, null, new CallOptions(cancellationToken: cancellationToken), request).ResponseAsync;

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new(MethodType.Unary, ServiceName, name,
            Marshallers.Create(m => m.ToByteArray(), request.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), response.ParseFrom));
}
