using Microsoft.Extensions.FileProviders;

namespace Checkout.Bff.Storefront;

/// <summary>
/// Serves the storefront (src/Storefront, copied beside the BFF as <c>storefront/</c>) at
/// <c>/</c>: static files only. The browser calls <c>/api/v1</c> like any other client; nothing
/// here reaches a service. Each file goes with a Content-Security-Policy that lets the page
/// load only its own files and call only its own origin.
/// </summary>
public static class StorefrontFiles
{
    public const string Folder = "storefront";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static void UseStorefront(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, Folder);
        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("No storefront at {Root}: / is not served.", root);
            return;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidated on every load (ETag), so a new version is picked up at once.
                headers.CacheControl = "no-cache";
            },
        });
    }
}
