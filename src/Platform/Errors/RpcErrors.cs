using Grpc.Core;

namespace Checkout.Platform.Errors;

/// <summary>
/// gRPC errors with a machine-readable reason (e.g. OUT_OF_STOCK) carried in the
/// <c>error-reason</c> trailer, so the BFF can pass the reason on to REST clients.
/// </summary>
public static class RpcErrors
{
    public const string ReasonTrailer = "error-reason";

    public static RpcException Create(StatusCode code, string reason, string message) =>
        new(new Status(code, message), new Metadata { { ReasonTrailer, reason } });

    public static RpcException InvalidArgument(string field, string message) =>
        Create(StatusCode.InvalidArgument, "INVALID_" + ToReason(field), message);

    public static RpcException NotFound(string reason, string message) => Create(StatusCode.NotFound, reason, message);

    /// <summary>The value, or INVALID_ARGUMENT naming the field when it is missing or blank.</summary>
    public static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw InvalidArgument(field, $"{field} is required.") : value;

    public static string? ReasonOf(RpcException exception) => exception.Trailers.GetValue(ReasonTrailer);

    /// <summary>"warehouseId" becomes "WAREHOUSE_ID".</summary>
    public static string ToReason(string field)
    {
        var builder = new System.Text.StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(c == '_' ? '_' : char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
