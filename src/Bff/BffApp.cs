using Checkout.Bff.Api;
using Checkout.Bff.Auth;
using Checkout.Bff.Caching;
using Checkout.Bff.Errors;
using Checkout.Bff.Flows;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.OpenApi.Models;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff;

/// <summary>
/// The backend-for-frontend (the seed's API Gateway): serves /api/v1 JSON through gRPC
/// JSON transcoding, authenticates with JWT, and runs one flow class per seed flow.
/// Stores nothing; calls Catalog and Cart (and the checkout services in later issues).
/// </summary>
public static class BffApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateWebBuilder(AppIds.Bff, args, overrides);
        builder.Services.AddGrpc(options => options.Interceptors.Add<ErrorTranslationInterceptor>()).AddJsonTranscoding();
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(swagger => swagger.SwaggerDoc("v1", new OpenApiInfo { Title = "Checkout API", Version = "v1" }));
        builder.Services.AddHealthChecks();
        // The BFF issues no cookies; keys need not outlive the process.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHybridCache().AddSerializer<ServiceCart, ProtobufCacheSerializer<ServiceCart>>();
        builder.Services.AddSingleton<CartCache>();
        builder.AddCheckoutAuth();

        builder.Services.AddServiceClient<CatalogService.CatalogServiceClient>(AppIds.Catalog);
        builder.Services.AddServiceClient<CartService.CartServiceClient>(AppIds.Cart);
        builder.Services.AddScoped<AddToCartFlow>();
        builder.Services.AddScoped<CartManagementFlow>();

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseSwagger();
        app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Checkout API v1"));
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGrpcService<CartApi>();
        app.MapGrpcService<ProductApi>();
        app.MapGrpcService<CheckoutApi>();
        app.MapGrpcService<OrderApi>();
        app.MapDevelopmentTokenEndpoint();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
