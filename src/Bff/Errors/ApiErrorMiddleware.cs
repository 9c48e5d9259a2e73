using System.Text.Json;
using Checkout.Bff.Conventions;

namespace Checkout.Bff.Errors;

/// <summary>
/// Gives every failed /api call the same JSON body:
/// <c>{"success": false, "status": 400, "reason": "INVALID_QUANTITY", "message": "...", "field": "quantity", "traceId": "..."}</c>
/// (<c>field</c> only when one field is at fault).
/// JSON transcoding writes errors as google.rpc.Status and authentication failures
/// have no body at all, so an error's body is held back and rewritten
/// (<see cref="ErrorHoldingStream"/>); a successful body goes through unchanged, as it is written.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.IsApi())
        {
            await next(context);
            return;
        }

        context.Response.Headers[TraceIds.Header] = TraceIds.Of(context);
        // A success's body goes out as it is written: the status it was created with must be set before.
        context.Response.OnStarting(MarkCreated, context);
        var original = context.Response.Body;
        using var holding = new ErrorHoldingStream(context.Response, original);
        context.Response.Body = holding;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (status < 400 || context.Response.HasStarted)
        {
            return;
        }

        var message = ReadStatusMessage(holding.Held) is { Length: > 0 } detail ? detail : DefaultMessage(context, status);
        var cause = ApiError.CauseOf(context);
        if (cause is null && status == StatusCodes.Status400BadRequest)
        {
            // JSON transcoding could not read the body; its message is .NET's, not ours.
            (cause, message) = UnreadableBody(message);
        }

        cause ??= new ApiError.Cause(ApiError.DefaultReason(status), null);
        status = ApiError.HttpStatusOf(cause.Reason, status);
        context.Response.StatusCode = status;
        if (Conventions.RetryAfter.SecondsFor(status, cause.Reason) is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentLength = null;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new ApiErrorBody(false, status, cause.Reason, message, cause.Field, TraceIds.Of(context));
        await JsonSerializer.SerializeAsync(original, body, ErrorJson.Options, context.RequestAborted);
    }

    private static Task MarkCreated(object state)
    {
        var context = (HttpContext)state;
        if (context.Response.StatusCode == StatusCodes.Status200OK && context.Items[CreatedStatus.ItemKey] is int created)
        {
            context.Response.StatusCode = created;
        }

        return Task.CompletedTask;
    }

    private static string DefaultMessage(HttpContext context, int status)
    {
        if (status == 401 && context.Response.Headers.WWWAuthenticate.ToString().Contains("expired", StringComparison.OrdinalIgnoreCase))
        {
            return "The bearer token has expired.";
        }

        if (status == 401 && context.Request.Headers.Authorization.Count > 0)
        {
            return "The bearer token is not valid.";
        }

        return ApiError.DefaultMessage(status);
    }

    /// <summary>Names the field when the parser said which (<c>Path: $.items[0].quantity</c>), never repeats the rest.</summary>
    private static (ApiError.Cause Cause, string Message) UnreadableBody(string parserMessage)
    {
        var path = System.Text.RegularExpressions.Regex.Match(parserMessage, @"Path: \$\.(?<path>[A-Za-z0-9_.\[\]]{1,64})");
        if (!path.Success)
        {
            return (new("INVALID_REQUEST", null), "The request body is not valid for this endpoint: check that it is JSON, that each field has the right type, and that no list holds null.");
        }

        var field = path.Groups["path"].Value;
        return (new("INVALID_" + Platform.Errors.DomainErrors.ToReason(field.Split('[')[0]), field), $"{field} has a value of the wrong type.");
    }

    /// <summary>The <c>message</c> of a google.rpc.Status body, if that is what was written.</summary>
    private static string? ReadStatusMessage(MemoryStream? held) =>
        held is not null && Parse(held) is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()
            : null;

    private static JsonElement? Parse(MemoryStream buffer)
    {
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static class ErrorJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };
    }
}
