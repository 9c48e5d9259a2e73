using Checkout.Bff.Conventions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Checkout.Bff.Storefront;

/// <summary>
/// Serves the storefront (src/Storefront, copied beside the BFF as <c>storefront/</c>) at
/// <c>/</c>: static files, and <c>/storefront.json</c>, what the page needs to know about its
/// host. The browser calls <c>/api/v1</c> like any other client; nothing here reaches a
/// service. Each answer carries a Content-Security-Policy that lets the page load only its
/// own files and call only its own origin and the card gateway.
/// </summary>
public static class StorefrontFiles
{
    public const string Folder = "storefront";
    public const string SettingsPath = "/storefront.json";

    public static void UseStorefront(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, Folder);
        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("No storefront at {Root}: / is not served.", root);
            return;
        }

        var options = app.Services.GetRequiredService<IOptions<StorefrontOptions>>().Value;
        var policy = ContentSecurityPolicy(options.CardGateway);
        var files = new PhysicalFileProvider(root);
        // The API's requests skip the file lookups: no file is served under /api.
        app.UseWhen(context => !context.Request.IsApi(), storefront =>
        {
            storefront.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            storefront.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = context =>
                {
                    Protect(context.Context.Response.Headers, policy);
                    // Revalidated on every load (ETag), so a new version is picked up at once.
                    context.Context.Response.Headers.CacheControl = "no-cache";
                },
            });
        });
        app.MapGet(SettingsPath, (HttpResponse response) =>
        {
            Protect(response.Headers, policy);
            response.Headers.CacheControl = "no-store";
            return Results.Json(new { cardGateway = options.CardGateway?.AbsoluteUri });
        }).ExcludeFromDescription();
    }

    private static void Protect(IHeaderDictionary headers, string policy)
    {
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static string ContentSecurityPolicy(Uri? cardGateway) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        $"connect-src 'self'{(cardGateway is null ? string.Empty : $" {cardGateway.GetLeftPart(UriPartial.Authority)}")}; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
}
