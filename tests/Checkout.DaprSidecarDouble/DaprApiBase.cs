using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The part of daprd's gRPC API (dapr.proto.runtime.v1.Dapr) the Dapr adapters use:
/// state get, bulk get, save, delete, transaction, publish, and metadata. Anything else is not
/// served (UNIMPLEMENTED), so an adapter that starts to use more shows up in the tests.
/// Dapr.Protos ships client stubs only, so the methods are bound here by hand with the
/// package's message types.
/// </summary>
[BindServiceMethod(typeof(DaprApiBase), nameof(BindService))]
public abstract class DaprApiBase
{
    private const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public static void BindService(ServiceBinderBase binder, DaprApiBase? service)
    {
        binder.AddMethod(Unary(nameof(GetState), GetStateRequest.Parser, GetStateResponse.Parser), service is null ? null : service.GetState);
        binder.AddMethod(Unary(nameof(GetBulkState), GetBulkStateRequest.Parser, GetBulkStateResponse.Parser), service is null ? null : service.GetBulkState);
        binder.AddMethod(Unary(nameof(SaveState), SaveStateRequest.Parser, Empty.Parser), service is null ? null : service.SaveState);
        binder.AddMethod(Unary(nameof(DeleteState), DeleteStateRequest.Parser, Empty.Parser), service is null ? null : service.DeleteState);
        binder.AddMethod(Unary(nameof(ExecuteStateTransaction), ExecuteStateTransactionRequest.Parser, Empty.Parser), service is null ? null : service.ExecuteStateTransaction);
        binder.AddMethod(Unary(nameof(PublishEvent), PublishEventRequest.Parser, Empty.Parser), service is null ? null : service.PublishEvent);
        binder.AddMethod(Unary(nameof(GetMetadata), GetMetadataRequest.Parser, GetMetadataResponse.Parser), service is null ? null : service.GetMetadata);
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new(MethodType.Unary, ServiceName, name,
            Marshallers.Create(m => m.ToByteArray(), request.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), response.ParseFrom));

    public virtual Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context) => throw Unimplemented();

    private static RpcException Unimplemented() => new(new Status(StatusCode.Unimplemented, "Not served by the sidecar double."));
}
