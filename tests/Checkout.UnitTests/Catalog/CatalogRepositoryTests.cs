using Checkout.Catalog;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Catalog;

public sealed class CatalogRepositoryTests : IDisposable
{
    private static readonly CatalogDocument Seed = CatalogSeed.Load();

    private readonly InMemoryStateStore _state = new();
    private readonly CatalogRepository _catalog;

    public CatalogRepositoryTests() => _catalog = new CatalogRepository(_state);

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task The_first_start_seeds_the_catalog_one_entry_per_product()
    {
        await _catalog.LoadAsync(CancellationToken.None);

        Assert.Equal(Seed.Products.Count, _catalog.Meta.ProductCount);
        Assert.Equal(Seed.Products.Select(p => p.Category).Distinct().Order(StringComparer.Ordinal), _catalog.Meta.Categories.Select(c => c.Name));
        var headphones = (await _state.GetJsonAsync<CatalogProduct>(CatalogLayout.ProductKey("PROD-12345")))!.Value;
        Assert.Equal(24999, headphones.FindSku("SKU-ABC-001")!.PriceCents);
        Assert.Null(await _state.GetAsync("catalog"));
    }

    [Fact]
    public async Task Pages_list_the_seed_in_order_and_a_page_past_the_end_is_empty()
    {
        await _catalog.LoadAsync(CancellationToken.None);

        var first = await _catalog.ListAsync(null, new ProductPaging.Window(1, 20), CancellationToken.None);
        var second = await _catalog.ListAsync(null, new ProductPaging.Window(2, 20), CancellationToken.None);
        var past = await _catalog.ListAsync(null, new ProductPaging.Window(100, 20), CancellationToken.None);

        Assert.Equal(Seed.Products.Take(20).Select(p => p.ProductId), first.Products.Select(p => p.ProductId));
        Assert.Equal(Seed.Products.Skip(20).Take(20).Select(p => p.ProductId), second.Products.Select(p => p.ProductId));
        Assert.Equal((Seed.Products.Count, 2, 20), (second.TotalCount, second.Number, second.Size));
        Assert.Empty(past.Products);
        Assert.Equal(Seed.Products.Count, past.TotalCount);
    }

    [Fact]
    public async Task The_category_filter_ignores_case_and_counts_only_matches()
    {
        await _catalog.LoadAsync(CancellationToken.None);

        var audio = await _catalog.ListAsync(" AUDIO ", new ProductPaging.Window(1, 100), CancellationToken.None);
        var unknown = await _catalog.ListAsync("spaceships", new ProductPaging.Window(1, 100), CancellationToken.None);

        Assert.Equal(Seed.Products.Where(p => p.Category == "audio").Select(p => p.ProductId), audio.Products.Select(p => p.ProductId));
        Assert.Equal(Seed.Products.Count(p => p.Category == "audio"), audio.TotalCount);
        Assert.Equal((0, 0), (unknown.Products.Count, unknown.TotalCount));
    }

    [Theory]
    [InlineData(null, 34, 30)]
    [InlineData(null, 50, 20)]
    [InlineData(null, 84, 30)]
    [InlineData("even", 17, 60)]
    public async Task A_page_across_index_pages_lists_the_products_in_order(string? category, int number, int size)
    {
        var big = BigCatalog(2_600);
        await CatalogLayout.TrySeedAsync(_state, big, 500, CancellationToken.None);
        await _catalog.LoadAsync(CancellationToken.None);

        var page = await _catalog.ListAsync(category, new ProductPaging.Window(number, size), CancellationToken.None);

        var listing = big.Products.Where(p => category is null || p.Category == category).ToList();
        Assert.Equal(listing.Skip((number - 1) * size).Take(size).Select(p => p.ProductId), page.Products.Select(p => p.ProductId));
        Assert.Equal(listing.Count, page.TotalCount);
    }

    [Fact]
    public void No_entry_grows_with_the_catalog()
    {
        static int Largest(CatalogDocument document) => CatalogLayout.Entries(document).Max(e => JsonStateExtensions.Serialize(e.Value).Length);

        Assert.Equal(Largest(BigCatalog(5_000)), Largest(BigCatalog(50_000)));
    }

    [Fact]
    public async Task A_price_change_writes_its_product_and_is_read_at_once()
    {
        await _catalog.LoadAsync(CancellationToken.None);
        Assert.Equal(24999, (await _catalog.FindAsync("PROD-12345", CancellationToken.None))!.FindSku("SKU-ABC-001")!.PriceCents);

        var changed = await _catalog.SetPriceAsync("PROD-12345", "SKU-ABC-001", 19999, CancellationToken.None);

        Assert.Equal(19999, changed!.PriceCents);
        Assert.Equal(19999, (await _catalog.FindAsync("PROD-12345", CancellationToken.None))!.FindSku("SKU-ABC-001")!.PriceCents);
        Assert.Equal(24999, (await _catalog.FindAsync("PROD-12345", CancellationToken.None))!.FindSku("SKU-ABC-002")!.PriceCents);
        Assert.Null(await _catalog.SetPriceAsync("PROD-12345", "SKU-NOPE", 1, CancellationToken.None));
        Assert.Null(await _catalog.SetPriceAsync("PROD-NOPE", "SKU-ABC-001", 1, CancellationToken.None));
    }

    [Fact]
    public async Task A_second_instance_finds_the_catalog_seeded_and_does_not_seed_again()
    {
        await _catalog.LoadAsync(CancellationToken.None);
        await _catalog.SetPriceAsync("PROD-12345", "SKU-ABC-001", 19999, CancellationToken.None);

        using var other = new CatalogRepository(_state);
        await other.LoadAsync(CancellationToken.None);

        Assert.Equal(19999, (await other.FindAsync("PROD-12345", CancellationToken.None))!.FindSku("SKU-ABC-001")!.PriceCents);
        Assert.False(await CatalogLayout.TrySeedAsync(_state, Seed, 100, CancellationToken.None));
        Assert.Equal(19999, (await _state.GetJsonAsync<CatalogProduct>(CatalogLayout.ProductKey("PROD-12345")))!.Value.FindSku("SKU-ABC-001")!.PriceCents);
    }

    [Fact]
    public async Task Seeding_over_a_half_written_seed_keeps_what_is_there()
    {
        var repriced = Seed.Products[0] with { Name = "Written by the other instance" };
        await _state.TrySaveJsonAsync(CatalogLayout.ProductKey(repriced.ProductId), repriced, ETags.MustNotExist);

        Assert.True(await CatalogLayout.TrySeedAsync(_state, Seed, 10, CancellationToken.None));

        Assert.Equal(repriced.Name, (await _state.GetJsonAsync<CatalogProduct>(CatalogLayout.ProductKey(repriced.ProductId)))!.Value.Name);
        Assert.NotNull(await _state.GetAsync(CatalogLayout.ProductKey(Seed.Products[5].ProductId)));
    }

    [Fact]
    public async Task Products_and_index_pages_read_once_are_served_from_the_cache()
    {
        await _catalog.LoadAsync(CancellationToken.None);
        var first = await _catalog.ListAsync(null, new ProductPaging.Window(1, 5), CancellationToken.None);

        // Written behind the repository's back, as another instance would: the cache still answers.
        await _state.TrySaveJsonAsync(CatalogLayout.ProductKey(first.Products[0].ProductId), first.Products[0] with { Name = "Changed elsewhere" }, ETags.Any);
        await _state.TrySaveJsonAsync(CatalogLayout.IndexKey(0), new ProductIndexPage([]), ETags.Any);

        var again = await _catalog.ListAsync(null, new ProductPaging.Window(1, 5), CancellationToken.None);
        Assert.Equal(first.Products, again.Products);
        Assert.Equal(first.Products[0].Name, (await _catalog.FindAsync(first.Products[0].ProductId, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Unknown_products_are_left_out_of_a_lookup()
    {
        await _catalog.LoadAsync(CancellationToken.None);

        var found = await _catalog.FindManyAsync(["PROD-12345", "PROD-NOPE", "PROD-12345"], CancellationToken.None);

        Assert.Equal(["PROD-12345"], found.Keys);
    }

    /// <summary>A catalog of <paramref name="count"/> products, alternately in the categories "even" and "odd".</summary>
    internal static CatalogDocument BigCatalog(int count) => new("USD", [.. Enumerable.Range(0, count).Select(i => new CatalogProduct(
        $"PROD-{i:D6}", $"Product {i}", "A product.", i % 2 == 0 ? "even" : "odd", "Brand", true,
        [new CatalogSku($"SKU-{i:D6}-1", "Black", 1_000 + i, true), new CatalogSku($"SKU-{i:D6}-2", "White", 1_000 + i, true)], []))]);
}
