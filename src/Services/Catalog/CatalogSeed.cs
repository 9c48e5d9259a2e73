using System.Text.Json;
using Checkout.Platform.State;

namespace Checkout.Catalog;

/// <summary>The demo catalog (Seed/catalog.json, embedded): 57 products in 8 categories, PROD-12345 included.</summary>
public static class CatalogSeed
{
    public static CatalogDocument Load()
    {
        using var stream = typeof(CatalogSeed).Assembly.GetManifestResourceStream("catalog.json")
            ?? throw new InvalidOperationException("catalog.json is not embedded.");
        return JsonSerializer.Deserialize<CatalogDocument>(stream, JsonStateExtensions.Options)
            ?? throw new InvalidDataException("catalog.json is empty.");
    }
}
