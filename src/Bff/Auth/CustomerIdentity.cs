using Grpc.Core;

namespace Checkout.Bff.Auth;

/// <summary>The customer a call acts for: always the token's <c>sub</c>, never anything in the body.</summary>
public static class CustomerIdentity
{
    public static string CustomerId(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? sub
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "The bearer token has no subject."));
}
