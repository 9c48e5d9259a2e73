using Grpc.Core;

namespace Checkout.Bff.Auth;

/// <summary>
/// The customer a call acts for: always the token's <c>sub</c>, never anything in the body.
/// A token whose subject is blank or longer than an id names nobody: 401.
/// </summary>
public static class CustomerIdentity
{
    public static string CustomerId(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst("sub")?.Value is { } sub && !string.IsNullOrWhiteSpace(sub) && sub.Length <= Validation.FieldLimits.IdLength
            ? sub
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "The bearer token has no subject."));
}
