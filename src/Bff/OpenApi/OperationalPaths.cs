using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Checkout.Bff.OpenApi;

/// <summary>Paths outside /api that operators and clients still call: readiness and liveness.</summary>
public sealed class OperationalPaths : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Paths["/healthz"] = HealthPath(
            "CheckHealth",
            "Check that the BFF can serve.",
            "Readiness: `Healthy` (200) while Catalog, Cart and Checkout answer, `Unhealthy` (503) otherwise, as plain text. Public.",
            unhealthy: true);
        swaggerDoc.Paths["/alive"] = HealthPath(
            "CheckAlive",
            "Check that the BFF process answers.",
            "Liveness: `Healthy` (200) whenever the process answers, whatever its dependencies do. Public.",
            unhealthy: false);
    }

    /// <summary>A public GET answering plain-text <c>Healthy</c>, and <c>Unhealthy</c> (503) when it can.</summary>
    private static OpenApiPathItem HealthPath(string operationId, string summary, string description, bool unhealthy)
    {
        var responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Healthy.", Content = { ["text/plain"] = Text("Healthy") } } };
        if (unhealthy)
        {
            responses["503"] = new OpenApiResponse { Description = "Unhealthy.", Content = { ["text/plain"] = Text("Unhealthy") } };
        }

        return new OpenApiPathItem
        {
            Operations =
            {
                [OperationType.Get] = new OpenApiOperation
                {
                    OperationId = operationId,
                    Summary = summary,
                    Description = description,
                    Tags = [new OpenApiTag { Name = "Health" }],
                    Security = [new OpenApiSecurityRequirement()],
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiMediaType Text(string value) =>
        new() { Schema = new OpenApiSchema { Type = "string", Enum = [new Microsoft.OpenApi.Any.OpenApiString(value)] } };
}
