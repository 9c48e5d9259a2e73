using Checkout.Bff.Auth;
using Checkout.Bff.Flows;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Orders;
using Checkout.Contracts.Pricing;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Checkout.Bff.OpenApi;

/// <summary>
/// Tells what the proto messages' schemas cannot say by themselves:
/// <list type="bullet">
/// <item>required fields: of a message a client sends, those marked
/// <c>(google.api.field_behavior) = REQUIRED</c>; of a message the API answers with, every
/// field without presence (JSON transcoding writes defaults) and every message field marked
/// REQUIRED (always present);</item>
/// <item>the values a status field takes, from the code that writes them;</item>
/// <item>examples of the bodies a client sends.</item>
/// </list>
/// </summary>
public sealed class ProtoSchemas : IDocumentFilter
{
    private static readonly FileDescriptor[] Files =
        [CartApiReflection.Descriptor, CheckoutApiReflection.Descriptor, OrderApiReflection.Descriptor, ProductApiReflection.Descriptor];

    private static readonly string[] TranscodingErrorSchemas = ["Status", "Any"];

    private static readonly Dictionary<(string Schema, string Property), IEnumerable<string>> Values = new()
    {
        [("OrderView", "status")] = Enum.GetValues<Contracts.Order.V1.OrderStatus>().Where(s => s != Contracts.Order.V1.OrderStatus.Unspecified).Select(OrderViews.StatusName),
        [("PaymentSummary", "status")] = OrderPaymentStatuses.All,
        [("PricingDiscount", "type")] = DiscountTypes.All,
        [("CheckoutItem", "stockStatus")] = [CheckoutInitiationFlow.AvailableStockStatus],
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var document = swaggerDoc;
        var schemas = document.Components.Schemas;
        var sent = Reachable(schemas, document.Paths.Values.SelectMany(p => p.Operations.Values)
            .SelectMany(o => o.RequestBody?.Content.Values ?? [])
            .Select(m => m.Schema?.Reference?.Id)
            .OfType<string>());

        foreach (var message in Files.SelectMany(f => f.MessageTypes))
        {
            if (!schemas.TryGetValue(message.Name, out var schema))
            {
                continue;
            }

            schema.Required = message.Fields.InDeclarationOrder()
                .Where(field => sent.Contains(message.Name) ? IsRequired(field) : IsRequired(field) || !field.HasPresence)
                .Select(field => field.JsonName)
                .ToHashSet();
        }

        foreach (var ((schemaName, property), values) in Values)
        {
            schemas[schemaName].Properties[property].Enum = values.Select(v => (IOpenApiAny)new OpenApiString(v)).ToList();
        }

        if (schemas.TryGetValue("ApiError", out var error))
        {
            error.Required = new HashSet<string> { "success", "status", "reason", "message", "traceId" };
            foreach (var property in error.Properties.Values)
            {
                property.Nullable = false;
            }
        }

        schemas[nameof(AuthSetup.DevTokenRequest)].Required = new HashSet<string> { "customerId" };
        schemas[nameof(AuthSetup.DevToken)].Required = new HashSet<string> { "token" };
        Example(schemas, "AddCartItemRequest", Examples.AddCartItem);
        Example(schemas, "UpdateCartItemRequest", Examples.UpdateCartItem);
        Example(schemas, "PriceCheckoutRequest", Examples.PriceCheckout);
        Example(schemas, "SubmitCheckoutRequest", Examples.SubmitCheckout);
        Example(schemas, nameof(AuthSetup.DevTokenRequest), Examples.DevToken);

        // What transcoding would use for errors; the API answers with ApiError instead.
        var used = Reachable(schemas, document.Paths.Values.SelectMany(p => p.Operations.Values).SelectMany(SchemasOf));
        foreach (var unused in TranscodingErrorSchemas.Where(name => !used.Contains(name)))
        {
            schemas.Remove(unused);
        }
    }

    private static bool IsRequired(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.Required) == true;

    /// <summary>Schemas reachable from <paramref name="roots"/> through properties and array items.</summary>
    private static HashSet<string> Reachable(IDictionary<string, OpenApiSchema> schemas, IEnumerable<string> roots)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var id))
        {
            if (!seen.Add(id) || !schemas.TryGetValue(id, out var schema))
            {
                continue;
            }

            foreach (var property in schema.Properties.Values.Append(schema.Items).Append(schema.AdditionalProperties).OfType<OpenApiSchema>())
            {
                if ((property.Reference ?? property.Items?.Reference ?? property.AdditionalProperties?.Reference)?.Id is { } next)
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> SchemasOf(OpenApiOperation operation) =>
        (operation.RequestBody?.Content.Values ?? [])
            .Concat(operation.Responses.Values.SelectMany(r => r.Content.Values))
            .Select(m => m.Schema?.Reference?.Id)
            .OfType<string>();

    private static void Example(IDictionary<string, OpenApiSchema> schemas, string name, IOpenApiAny example)
    {
        if (schemas.TryGetValue(name, out var schema))
        {
            schema.Example = example;
        }
    }
}
