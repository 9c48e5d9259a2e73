using System.Buffers;
using Checkout.Bff.Conventions;
using Checkout.Bff.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Checkout.Bff.Validation;

/// <summary>
/// Limits of an /api request that come before any field: URL, headers, body size, and the
/// query of the product list. Kestrel would answer an over-long URL or header block itself
/// with no body, so its own limits are set above these (<see cref="ConfigureKestrel"/>) and
/// this middleware answers in the API's error shape instead; only a request past Kestrel's
/// higher ceiling still gets Kestrel's bare answer.
/// </summary>
public sealed class HttpEdgeLimits(RequestDelegate next)
{
    public const int MaxUrlLength = 8 * 1024;
    public const int MaxHeadersLength = 32 * 1024;
    public const long MaxBodyLength = 64 * 1024;
    public const int MaxPageSize = Contracts.Limits.PageLimits.MaxPageSize;
    private const int KestrelCeiling = 128 * 1024;

    private static readonly string[] ProductListParameters = ["category", "page", "pageSize"];

    public static void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestLineSize = KestrelCeiling;
        kestrel.Limits.MaxRequestHeadersTotalSize = KestrelCeiling;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.IsApi())
        {
            await next(context);
            return;
        }

        var refusal = Refused(context);
        if (refusal is null && !await BufferBodyAsync(context.Request))
        {
            refusal = (StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", BodyTooLarge, null);
        }

        if (refusal is { } refused)
        {
            await ApiError.FailAsync(context, refused.Status, refused.Reason, refused.Message, refused.Field);
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Reads the body (at most <see cref="MaxBodyLength"/> bytes) before anything parses it,
    /// so a chunked body over the limit is a 413 too, not a parser's failure; false when over.
    /// </summary>
    private static async Task<bool> BufferBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method))
        {
            return true;
        }

        // Sized for a declared length (already checked against the limit), so it is written once;
        // the chunk it is read through is borrowed: a new one per request was about 7 % of all the
        // mesh allocated under load (docs/performance.md).
        var buffered = new MemoryStream(request.ContentLength is { } declared ? (int)declared : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffered.Length + read > MaxBodyLength)
                {
                    return false;
                }

                buffered.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        buffered.Position = 0;
        request.Body = buffered;
        request.HttpContext.Response.RegisterForDispose(buffered);
        return true;
    }

    private static string BodyTooLarge => $"The request body may be at most {MaxBodyLength} bytes.";

    private static (int Status, string Reason, string Message, string? Field)? Refused(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value!.Length + request.QueryString.Value?.Length > MaxUrlLength)
        {
            return (StatusCodes.Status414UriTooLong, "URI_TOO_LONG", $"The request URL may be at most {MaxUrlLength} characters.", null);
        }

        if (request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0)) > MaxHeadersLength)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE", $"The request headers may be at most {MaxHeadersLength} characters together.", null);
        }

        if (request.ContentLength > MaxBodyLength)
        {
            return (StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", BodyTooLarge, null);
        }

        return HttpMethods.IsGet(request.Method) && request.Path.Equals("/api/v1/products", StringComparison.OrdinalIgnoreCase)
            ? ProductListQuery(request.Query)
            : null;
    }

    /// <summary>The product list takes category, page (1 or more) and pageSize (1 to 100); anything else is named, not ignored.</summary>
    private static (int Status, string Reason, string Message, string? Field)? ProductListQuery(IQueryCollection query)
    {
        if (query.Keys.FirstOrDefault(k => !ProductListParameters.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            var meant = ProductListParameters.FirstOrDefault(p => p.Equals(unknown, StringComparison.OrdinalIgnoreCase));
            var name = unknown.Length > FieldLimits.IdLength ? unknown[..FieldLimits.IdLength] + "…" : unknown;
            return (400, "INVALID_QUERY", $"Unknown query parameter '{name}'{(meant is null ? string.Empty : $"; did you mean '{meant}'?")} This list takes {string.Join(", ", ProductListParameters)}.", name);
        }

        if (query.TryGetValue("page", out var page) && !(int.TryParse(page, out var p) && p >= 1))
        {
            return (400, "INVALID_PAGE", "page must be a whole number, 1 or more.", "page");
        }

        if (query.TryGetValue("pageSize", out var pageSize) && !(int.TryParse(pageSize, out var size) && size is >= 1 and <= MaxPageSize))
        {
            return (400, "INVALID_PAGE_SIZE", $"pageSize must be a whole number from 1 to {MaxPageSize}.", "pageSize");
        }

        return null;
    }
}
