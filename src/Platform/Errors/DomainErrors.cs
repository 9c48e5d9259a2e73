using Google.Rpc;

namespace Checkout.Platform.Errors;

/// <summary>The refusals rules and stores throw, so each kind is written one way.</summary>
public static class DomainErrors
{
    public static DomainException Create(Code code, string reason, string message) => new(code, reason, message);

    /// <summary>A field out of range or malformed: reason <c>INVALID_&lt;FIELD&gt;</c>, and the field named for BadRequest.</summary>
    public static DomainException InvalidArgument(string field, string message) =>
        new(Code.InvalidArgument, "INVALID_" + ToReason(field), message, field);

    public static DomainException NotFound(string reason, string message) => new(Code.NotFound, reason, message);

    public static DomainException FailedPrecondition(string reason, string message) => new(Code.FailedPrecondition, reason, message);

    /// <summary>Lost a race with another writer, or the thing is busy: trying again may succeed.</summary>
    public static DomainException Aborted(string reason, string message) => new(Code.Aborted, reason, message);

    /// <summary>The value, or INVALID_ARGUMENT naming the field when it is missing or blank.</summary>
    public static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw InvalidArgument(field, $"{field} is required.") : value;

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

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
