using Checkout.Bff.Api;
using Checkout.Bff.Auth;
using Checkout.Bff.Caching;
using Checkout.Bff.Conventions;
using Checkout.Bff.Diagnostics;
using Checkout.Bff.Errors;
using Checkout.Bff.Flows;
using Checkout.Bff.OpenApi;
using Checkout.Bff.Protection;
using Checkout.Bff.Storefront;
using Checkout.Bff.Validation;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Customer.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Platform.Calls;
using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff;

/// <summary>
/// The backend-for-frontend (the seed's API Gateway): serves /api/v1 JSON through gRPC
/// JSON transcoding, authenticates with JWT, and runs one flow class per seed flow.
/// Stores nothing; calls the services each flow needs. Consumes order.created to drop
/// the customer's cached cart.
/// </summary>
public static class BffApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateWebBuilder(AppIds.Bff, args, overrides);
        builder.Services.AddGrpc(options =>
        {
            // The first is the outermost: a field over its limit is translated like any other error.
            options.Interceptors.Add<ErrorTranslationInterceptor>();
            options.Interceptors.Add<FieldLimitsInterceptor>();
        }).AddJsonTranscoding();
        builder.WebHost.ConfigureKestrel(HttpEdgeLimits.ConfigureKestrel);
        builder.Services.AddApiDocumentation();
        builder.Services.AddHealthChecks();
        var origins = builder.Configuration.GetSection(CorsOrigins.Section).Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => CorsOrigins.Configure(policy, origins)));
        // JSON compresses well; gzip and Brotli for whoever asks (Accept-Encoding).
        builder.Services.AddResponseCompression(compression =>
        {
            compression.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            compression.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        // The BFF issues no cookies; keys need not outlive the process.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHybridCache().AddSerializer<ServiceCart, ProtobufCacheSerializer<ServiceCart>>();
        builder.Services.AddSingleton<CartCache>();
        builder.Services.AddEventConsumer<CartCacheInvalidation>();
        builder.AddCheckoutAuth();
        builder.Services.AddApiRateLimits(builder.Configuration);

        builder.Services.Configure<BffOptions>(builder.Configuration.GetSection(BffOptions.Section));
        builder.Services.Configure<StorefrontOptions>(builder.Configuration.GetSection(StorefrontOptions.Section));
        builder.Services.AddServiceClient<CatalogService.CatalogServiceClient>(AppIds.Catalog);
        builder.Services.AddServiceClient<CartService.CartServiceClient>(AppIds.Cart);
        builder.Services.AddServiceClient<CustomerService.CustomerServiceClient>(AppIds.Customer, requiredForReadiness: false);
        builder.Services.AddServiceClient<PromotionService.PromotionServiceClient>(AppIds.Promotion, requiredForReadiness: false);
        builder.Services.AddServiceClient<LoyaltyService.LoyaltyServiceClient>(AppIds.Loyalty, requiredForReadiness: false);
        builder.Services.AddServiceClient<CheckoutService.CheckoutServiceClient>(AppIds.Checkout);
        builder.Services.AddServiceClient<OrderService.OrderServiceClient>(AppIds.Order, requiredForReadiness: false);
        builder.Services.AddServiceClient<PaymentService.PaymentServiceClient>(AppIds.Payment, requiredForReadiness: false);
        builder.Services.AddScoped<AddToCartFlow>();
        builder.Services.AddScoped<CartManagementFlow>();
        builder.Services.AddScoped<CheckoutInitiationFlow>();
        builder.Services.AddScoped<CheckoutPricingFlow>();
        builder.Services.AddScoped<SubmitCheckoutFlow>();

        var app = builder.Build();
        if (overrides?.EventBus is { } bus && app.Configuration.GetCheckoutMode() == CheckoutMode.Embedded)
        {
            foreach (var consumer in app.Services.GetServices<Platform.Events.IEventConsumer>())
            {
                bus.Subscribe(AppIds.Bff, consumer);
            }
        }

        // CORS first: a preflight is answered before anything asks for a token.
        app.UseCors();
        app.UseResponseCompression();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<HttpEdgeLimits>();
        app.UseStorefront();
        app.UseApiDocumentation();
        app.UseAuthentication();
        // After authentication, so a signed-in customer is counted as the customer.
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapGrpcService<CartApi>();
        app.MapGrpcService<ProductApi>();
        app.MapGrpcService<CheckoutApi>();
        app.MapGrpcService<OrderApi>();
        app.MapGrpcService<PaymentMethodApi>();
        app.MapDevelopmentTokenEndpoint();
        if (app.Configuration.GetCheckoutMode() == CheckoutMode.Dapr)
        {
            app.MapDaprSubscriptions();
        }

        // The routes only daprd calls (subscriptions) take only its app API token, when it has one.
        if (AppApiToken.Of(app.Configuration) is { } appToken)
        {
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/dapr", StringComparison.Ordinal), sidecarOnly => sidecarOnly.Use((context, next) =>
            {
                if (AppApiToken.Matches(context.Request.Headers[AppApiToken.Header].FirstOrDefault(), appToken))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }));
        }

        // Ready: Catalog, Cart and Checkout answer (the BFF can browse, keep carts and check out
        // without the others, which degrade). Alive: the process answers.
        app.MapCheckoutMetrics(grpcOnly: false);
        app.MapTracePages();
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        return app;
    }
}
