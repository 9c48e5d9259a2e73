using Microsoft.OpenApi.Models;

namespace Checkout.Bff.OpenApi;

/// <summary>
/// The OpenAPI document at /swagger/v1/swagger.json: the contract a client generates from.
/// gRPC JSON transcoding describes the paths and bodies from the BFF's protos (their
/// comments become summaries); the filters here add what transcoding cannot know: the
/// bearer scheme, every status an operation answers with the API's error body, headers,
/// required fields and the values of status fields.
/// </summary>
public static class ApiDocumentation
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Checkout API",
                Version = "v1",
                Description = """
                    Everything between "add to cart" and "order confirmed": browse products, keep a cart,
                    start a checkout, submit and pay, read your orders. Cart, checkout and order calls
                    need a bearer token (in development, from POST /api/v1/dev/token). Every error has
                    the same body (ApiError): its `reason` is machine-readable and listed in docs/errors.md.
                    """,
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") },
            });
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT whose `sub` is the customer id. In development, POST /api/v1/dev/token issues one.",
            });
            swagger.CustomOperationIds(OperationIds.Of);
            swagger.CustomSchemaIds(type => type == typeof(Errors.ApiErrorBody) ? "ApiError" : type.Name);
            var contracts = Path.Combine(AppContext.BaseDirectory, "Checkout.Contracts.xml");
            swagger.IncludeXmlComments(contracts);
            swagger.IncludeGrpcXmlComments(contracts, includeControllerXmlComments: true);
            swagger.OperationFilter<OperationResponses>();
            swagger.DocumentFilter<ProtoSchemas>();
            swagger.DocumentFilter<OperationalPaths>();
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        // Only /swagger passes the documentation's middleware, which otherwise matches every
        // request's path against its own (with the storefront's file lookups, 1 % of the mesh's
        // CPU under browsing load: docs/performance.md).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), docs =>
        {
            // The server is whoever served the document, so "Try it out" calls the same BFF.
            docs.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
                document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host}", Description = "This BFF" }]));
            docs.UseSwaggerUI(ui =>
            {
                ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Checkout API v1");
                ui.EnablePersistAuthorization();
            });
        });
        return app;
    }
}
