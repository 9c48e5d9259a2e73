using Checkout.Bff.Errors;
using Checkout.Bff.Flows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Checkout.Bff.OpenApi;

/// <summary>
/// What each operation answers besides its body: its success status, every error status
/// with the API's error body (<see cref="ApiErrorBody"/>), its headers, and whether it needs
/// the bearer token. An operation missing from <see cref="Shapes"/> fails the document, so
/// a new endpoint cannot go undescribed.
/// </summary>
public sealed class OperationResponses : IOperationFilter
{
    /// <param name="Success">The status of a success: 200, or 201 for a creation.</param>
    /// <param name="Errors">Every error status the operation can answer, besides 429 (every /api call is rate limited) and the default (500 and the HTTP edge's limits).</param>
    /// <param name="CartVersion">Answers the cart with its ETag.</param>
    /// <param name="Conditional">Takes If-Match (a change of the cart).</param>
    /// <param name="Idempotent">Takes Idempotency-Key, and creates (201, Location), or places an order held for review (202, Location).</param>
    private sealed record Shape(int Success, int[] Errors, bool CartVersion = false, bool Conditional = false, bool Idempotent = false);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["AddCartItem"] = new(200, [400, 401, 404, 409, 412, 503], CartVersion: true, Conditional: true),
        ["GetCart"] = new(200, [401, 503], CartVersion: true),
        ["UpdateCartItem"] = new(200, [400, 401, 404, 409, 412, 503], CartVersion: true, Conditional: true),
        ["RemoveCartItem"] = new(200, [400, 401, 404, 409, 412, 503], CartVersion: true, Conditional: true),
        ["InitiateCheckout"] = new(200, [400, 401, 409, 503]),
        ["PriceCheckout"] = new(200, [400, 401, 404, 503]),
        ["SubmitCheckout"] = new(201, [400, 401, 404, 409, 503], Idempotent: true),
        ["GetOrder"] = new(200, [400, 401, 404, 503]),
        ["ListOrders"] = new(200, [401, 503]),
        ["AddPaymentMethod"] = new(201, [400, 401, 503]),
        ["ListPaymentMethods"] = new(200, [401, 503]),
        ["RemovePaymentMethod"] = new(200, [400, 401, 503]),
        ["ListProducts"] = new(200, [400, 503]),
        ["GetProduct"] = new(200, [400, 404, 503]),
        ["IssueDevelopmentToken"] = new(200, [400]),
    };

    private static readonly Dictionary<int, string> ErrorMeanings = new()
    {
        [400] = "Refused: the request is invalid, or a rule refused it. `reason` says which (docs/errors.md); `field` names the field at fault when one is.",
        [401] = "No valid bearer token (UNAUTHENTICATED).",
        [404] = "The resource does not exist, or is not this customer's.",
        [409] = "Conflicts with another request of this customer (SESSION_BUSY, REQUEST_IN_PROGRESS, CHECKOUT_IN_PROGRESS, CONCURRENT_UPDATE); Retry-After says when one that passes may be retried.",
        [412] = "The cart changed since the ETag sent in If-Match (CART_CHANGED); nothing was changed.",
        [429] = "Too many requests from this client (RATE_LIMITED): the customer, or the address of an anonymous caller. Retry after Retry-After seconds; nothing was done.",
        [503] = "A service this request needs is unavailable. Retry after Retry-After seconds. Nothing was changed, except by a submission that had already asked for the charge: repeat it with the same Idempotency-Key to learn how it ended.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var shape = Shapes.GetValueOrDefault(operation.OperationId)
            ?? throw new InvalidOperationException($"Operation {operation.OperationId} ({context.ApiDescription.RelativePath}) has no shape in {nameof(OperationResponses)}.");
        var errorSchema = context.SchemaGenerator.GenerateSchema(typeof(ApiErrorBody), context.SchemaRepository);
        SplitSummary(operation);

        var success = operation.Responses.Values.FirstOrDefault() ?? new OpenApiResponse();
        if (success.Content.Count == 0 && context.ApiDescription.SupportedResponseTypes.FirstOrDefault()?.Type is { } type)
        {
            success.Content["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository) };
        }

        success.Description = shape.Success == 201 ? "Created." : "OK.";
        operation.Responses.Clear();
        operation.Responses[shape.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success;
        AddHeader(success, TraceIds.Header, "The trace id of this request, as the server's logs show it.");
        if (shape.CartVersion)
        {
            AddHeader(success, "ETag", "This version of the cart; send it as If-Match to change only this version.");
        }

        if (shape.Conditional)
        {
            operation.Parameters.Add(Header("If-Match", "Apply only if the cart still has this ETag (or `*`); otherwise 412 CART_CHANGED.", maxLength: null));
        }

        if (shape.Idempotent)
        {
            var held = new OpenApiResponse
            {
                Description = "Accepted: the order is placed as PAYMENT_REVIEW, its payment held for a fraud review; nothing is charged until a reviewer approves it (README, \"Fraud checks\").",
                Content = success.Content,
            };
            foreach (var response in new[] { success, held })
            {
                AddHeader(response, "Location", "The order: /api/v1/orders/{orderId}.");
                AddHeader(response, SubmitCheckoutFlow.ReplayedHeader, "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.");
            }

            AddHeader(held, TraceIds.Header, "The trace id of this request, as the server's logs show it.");
            operation.Responses["202"] = held;
            operation.Parameters.Add(Header(SubmitCheckoutFlow.IdempotencyHeader, "Makes the submission safe to retry: a repeat with the same key and body answers what the first answered.", SubmitCheckoutFlow.MaxKeyLength));
        }

        foreach (var status in shape.Errors.Append(StatusCodes.Status429TooManyRequests).Order())
        {
            var response = new OpenApiResponse
            {
                Description = ErrorMeanings[status],
                Content = { ["application/json"] = new OpenApiMediaType { Schema = errorSchema } },
            };
            AddHeader(response, TraceIds.Header, "The trace id of this request, as the server's logs show it.");
            if (status is 503 or 409 or 429)
            {
                AddHeader(response, "Retry-After", "Seconds to wait before trying the same request again.", integer: true);
            }

            if (shape.Idempotent)
            {
                AddHeader(response, SubmitCheckoutFlow.ReplayedHeader, "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.");
            }

            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        operation.Responses["default"] = new OpenApiResponse
        {
            Description = "An unexpected error (500 INTERNAL), or a limit of the HTTP edge (413, 414, 431).",
            Content = { ["application/json"] = new OpenApiMediaType { Schema = errorSchema } },
        };

        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security =
        [
            needsToken
                ? new OpenApiSecurityRequirement { [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = ApiDocumentation.BearerScheme } }] = [] }
                : new OpenApiSecurityRequirement(),
        ];
    }

    /// <summary>A proto comment's first paragraph is the summary, the rest the description.</summary>
    private static void SplitSummary(OpenApiOperation operation)
    {
        var lines = (operation.Summary ?? string.Empty).Split('\n').Select(l => l.Trim()).ToList();
        var blank = lines.FindIndex(l => l.Length == 0);
        if (blank < 0)
        {
            return;
        }

        operation.Summary = string.Join(' ', lines.Take(blank));
        operation.Description = string.Join(' ', lines.Skip(blank + 1).Where(l => l.Length > 0));
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, bool integer = false) =>
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = integer ? "integer" : "string" } };

    private static OpenApiParameter Header(string name, string description, int? maxLength) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = "string", MaxLength = maxLength, MinLength = maxLength is null ? null : 1 },
        Example = name == SubmitCheckoutFlow.IdempotencyHeader ? new OpenApiString("3f6c1c2e-5b1a-4c53-9a51-2f0f2b8e7a10") : null,
    };
}
