using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Checkout.Bff.OpenApi;

/// <summary>Paths outside /api that operators and clients still call: readiness and liveness.</summary>
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
                    Summary = "Check that the BFF can serve.",
                    Description = "Readiness: `Healthy` (200) while Catalog, Cart and Checkout answer, `Unhealthy` (503) otherwise, as plain text. Public.",
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
        swaggerDoc.Paths["/alive"] = new OpenApiPathItem
        {
            Operations =
            {
                [OperationType.Get] = new OpenApiOperation
                {
                    OperationId = "CheckAlive",
                    Summary = "Check that the BFF process answers.",
                    Description = "Liveness: `Healthy` (200) whenever the process answers, whatever its dependencies do. Public.",
                    Tags = [new OpenApiTag { Name = "Health" }],
                    Security = [new OpenApiSecurityRequirement()],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse { Description = "Alive.", Content = { ["text/plain"] = Text("Healthy") } },
                    },
                },
            },
        };
    }

    private static OpenApiMediaType Text(string value) =>
        new() { Schema = new OpenApiSchema { Type = "string", Enum = [new Microsoft.OpenApi.Any.OpenApiString(value)] } };
}
