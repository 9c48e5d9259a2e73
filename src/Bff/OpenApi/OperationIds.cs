using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Checkout.Bff.OpenApi;

/// <summary>An operation's id is its RPC's name (AddCartItem), or the endpoint's name for a minimal API.</summary>
public static class OperationIds
{
    public static string? Of(ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<GrpcMethodMetadata>().FirstOrDefault()?.Method.Name
        ?? api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
}
