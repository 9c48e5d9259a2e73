using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Checkout.Bff.OpenApi;

/// <summary>Paths outside /api that operators and clients still call: the health check.</summary>
public sealed class OperationalPaths : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Paths["/healthz"] = new OpenApiPathItem
        {
            Operations =
            {
                [OperationType.Get] = new OpenApiOperation
                {
                    OperationId = "CheckHealth",
                    Summary = "Check that the BFF is up.",
                    Description = "`Healthy` (200) or `Unhealthy` (503), as plain text. Public.",
                    Tags = [new OpenApiTag { Name = "Health" }],
                    Security = [new OpenApiSecurityRequirement()],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse { Description = "Healthy.", Content = { ["text/plain"] = Text("Healthy") } },
                        ["503"] = new OpenApiResponse { Description = "Unhealthy.", Content = { ["text/plain"] = Text("Unhealthy") } },
                    },
                },
            },
        };
    }

    private static OpenApiMediaType Text(string value) =>
        new() { Schema = new OpenApiSchema { Type = "string", Enum = [new Microsoft.OpenApi.Any.OpenApiString(value)] } };
}
