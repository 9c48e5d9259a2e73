using Google.Rpc;

namespace Checkout.Platform.Errors;

/// <summary>
/// A refusal by a rule or a store: the canonical code (google.rpc.Code, the same for gRPC
/// and REST), a machine-readable reason from docs/errors.md, a message for people and, for
/// a bad request, the field at fault as clients spell it (<c>productId</c>). Rules and
/// stores throw it without knowing the transport; <see cref="ErrorMappingInterceptor"/>
/// turns it into a gRPC status with standard details.
/// </summary>
public sealed class DomainException(Code code, string reason, string message, string? field = null) : Exception(message)
{
    public Code Code { get; } = code;

    public string Reason { get; } = reason;

    public string? Field { get; } = field;

    /// <summary>The stored answer to an earlier request with the same idempotency key, not a new refusal.</summary>
    public bool Replayed { get; init; }
}
