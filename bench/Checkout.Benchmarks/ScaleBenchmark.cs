using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Checkout.Contracts.Inventory.V1;
using Checkout.Inventory;
using Checkout.Platform.Hosting;

namespace Checkout.Benchmarks;

/// <summary>
/// The scale check: the same visits against the seed-sized shop and against <see cref="ScaleShop"/>,
/// in the same run and taken in turns, and how much slower the big shop is at each step.
/// A visit is one shopper with a one-line cart: a product page, an add to cart, initiate and
/// submit, each timed. The seed shop's shoppers get their one line untimed before their phase;
/// the big shop's are its customers, whose carts already hold one line and who have 10 past
/// orders each. Every SKU of both shops has 1,000,000 units, so no visit runs out of stock.
/// </summary>
public static class ScaleBenchmark
{
    private static readonly string[] Steps = ["product page", "add to cart", "initiate", "submit"];

    public static async Task RunAsync(int visits, int shoppers)
    {
        var directory = Directory.CreateTempSubdirectory("checkout-scale-").FullName;
        Print($"big shop: {ScaleShop.Products:N0} products ({2 * ScaleShop.Products:N0} SKUs), {ScaleShop.Customers:N0} customers with carts, {ScaleShop.Customers * ScaleShop.OrdersPerCustomer:N0} past orders; {await ScaleShop.BuildAsync(directory)}");

        // Memory and start-up of each shop alone, each in a process of its own (the big one on a copy).
        await RunAloneInChildAsync(null, visits, shoppers);
        await RunAloneInChildAsync(CopyOf(directory), visits, shoppers);

        await using var seed = await BenchMesh.StartAsync();
        await using var big = await BenchMesh.StartAsync(dataDirectory: directory);
        var seedShop = await SeedShopAsync(seed);
        var bigShop = BigShop(big);
        var seedTimings = Timings();
        var bigTimings = Timings();
        await PhaseAsync([(seedShop, Timings()), (bigShop, Timings())], 40, shoppers);
        await PhaseAsync([(seedShop, seedTimings), (bigShop, bigTimings)], visits, shoppers);
        Print($"{visits} visits on each shop, taken in turns by {shoppers} shoppers at once");

        var worst = 0.0;
        foreach (var step in Steps)
        {
            var (s, b) = (Stats.From(seedTimings[step]), Stats.From(bigTimings[step]));
            var ratio = b.P50Ms / s.P50Ms;
            worst = Math.Max(worst, ratio);
            Print(string.Create(CultureInfo.InvariantCulture, $"{step,-12} seed shop p50 {s.P50Ms,6:0.00} ms p99 {s.P99Ms,6:0.00} ms | big shop p50 {b.P50Ms,6:0.00} ms p99 {b.P99Ms,6:0.00} ms | ratio {ratio:0.00}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale ratio: {worst:0.00}"));
    }

    /// <summary>
    /// One shop alone in this process (<c>scale-alone seed</c>, or the big shop's data directory
    /// for <paramref name="directory"/>): how long it takes to start,
    /// and the managed heap (after a full collection) and working set once it has served
    /// <paramref name="visits"/> visits.
    /// </summary>
    public static async Task AloneAsync(string? directory, int visits, int shoppers)
    {
        var which = directory is null ? "seed" : "big";
        var heapBefore = Heap();
        var (mesh, startSeconds) = await TimedAsync(() => BenchMesh.StartAsync(dataDirectory: directory));
        await using var _ = mesh;
        var shop = directory is null ? await SeedShopAsync(mesh) : BigShop(mesh);
        await PhaseAsync([(shop, Timings())], visits, shoppers);
        var heap = Heap();
        Print(string.Create(CultureInfo.InvariantCulture, $"{which} shop alone: start-up {startSeconds:0.00} s{(which == "seed" ? " (seeding included)" : string.Empty)}; after {visits} visits: managed heap {Mb(heap)} ({Mb(heap - heapBefore)} more than before it started), working set {Mb(Environment.WorkingSet)}"));
    }

    private static async Task RunAloneInChildAsync(string? directory, int visits, int shoppers)
    {
        var start = SelfProcess.With("scale-alone", directory ?? "seed", "--visits", $"{visits}", "--shoppers", $"{shoppers}");

        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"scale-alone {directory ?? "seed"} failed ({child.ExitCode}): {output}");
        }

        foreach (var line in output.Split('\n').Where(l => l.StartsWith("[scale]", StringComparison.Ordinal)))
        {
            Console.WriteLine(line);
        }
    }

    private static string CopyOf(string directory)
    {
        var copy = Directory.CreateTempSubdirectory("checkout-scale-").FullName;
        foreach (var file in Directory.GetFiles(directory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static Shop BigShop(BenchMesh mesh) => new(mesh, ScaleShop.CustomerId, () => ScaleShop.ProductId(Random.Shared.Next(ScaleShop.Products)), null);

    /// <summary>A shop to visit: its mesh, its n-th shopper's customer id, how a visit picks a product, and how a shopper gets a one-line cart (null: it has one).</summary>
    private sealed record Shop(BenchMesh Mesh, Func<int, string> CustomerId, Func<string> PickProduct, Func<Shopper, Task>? FillCart)
    {
        private int _next;

        public string NextCustomer() => CustomerId(Interlocked.Increment(ref _next) - 1);
    }

    private sealed record Shopper(HttpClient Http, string Token);

    private static async Task<Shop> SeedShopAsync(BenchMesh mesh)
    {
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        foreach (var line in StockSeed.Load().Stock)
        {
            await inventory.SetStockAsync(new SetStockRequest { Sku = line.Sku, WarehouseId = line.WarehouseId, OnHand = 1_000_000 });
        }

        // Products on sale with every SKU on sale, so the first SKU in stock can be added.
        var products = Catalog.CatalogSeed.Load().Products.Where(p => p.Active && p.Skus.All(s => s.Active)).Select(p => p.ProductId).ToList();
        return new Shop(mesh, n => $"SEED-SHOPPER-{n + 1}", () => products[Random.Shared.Next(products.Count)], async shopper =>
        {
            var (product, sku, warehouse) = await StockedAsync(shopper, products[Random.Shared.Next(products.Count)]);
            Expect(await SendAsync(shopper.Http, HttpMethod.Post, "/api/v1/cart/items", new { productId = product, sku, quantity = 1, warehouseId = warehouse }, shopper.Token), 200, "the untimed first line");
        });
    }

    /// <summary>
    /// <paramref name="visits"/> visits on each shop, queued in turns (one on each shop, then
    /// the next) and taken by <paramref name="shoppers"/> concurrent shoppers, so that both
    /// shops are visited under the same load at the same moments, including the work the
    /// orders placed a moment before leave behind.
    /// </summary>
    private static async Task PhaseAsync(IReadOnlyList<(Shop Shop, Dictionary<string, ConcurrentBag<double>> Timings)> shops, int visits, int shoppers)
    {
        // Shoppers get their token (and, in the seed shop, their one line) before the phase, untimed.
        var ready = new ConcurrentQueue<(Shop, Shopper, Dictionary<string, ConcurrentBag<double>>)>();
        for (var i = 0; i < visits; i++)
        {
            foreach (var (shop, timings) in shops)
            {
                var token = (await SendAsync(shop.Mesh.Http, HttpMethod.Post, "/api/v1/dev/token", new { customerId = shop.NextCustomer() }, null)).Body.GetProperty("token").GetString()!;
                var shopper = new Shopper(shop.Mesh.Http, token);
                if (shop.FillCart is not null)
                {
                    await shop.FillCart(shopper);
                }

                ready.Enqueue((shop, shopper, timings));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, shoppers).Select(async _ =>
        {
            while (ready.TryDequeue(out var visit))
            {
                await VisitAsync(visit.Item1, visit.Item2, visit.Item3);
            }
        }));
    }

    private static async Task VisitAsync(Shop shop, Shopper shopper, Dictionary<string, ConcurrentBag<double>> timings)
    {
        var productId = shop.PickProduct();
        var ((product, sku, warehouse), pageMs) = await TimedAsync(() => StockedAsync(shopper, productId));
        timings["product page"].Add(pageMs * 1000);

        var (added, addMs) = await TimedAsync(() => SendAsync(shopper.Http, HttpMethod.Post, "/api/v1/cart/items", new { productId = product, sku, quantity = 1, warehouseId = warehouse }, shopper.Token));
        Expect(added, 200, "add to cart");
        timings["add to cart"].Add(addMs * 1000);

        var (initiated, initiateMs) = await TimedAsync(() => SendAsync(shopper.Http, HttpMethod.Post, "/api/v1/checkout/initiate", new { }, shopper.Token));
        Expect(initiated, 200, "initiate");
        timings["initiate"].Add(initiateMs * 1000);

        var (submitted, submitMs) = await TimedAsync(() => SendAsync(shopper.Http, HttpMethod.Post, "/api/v1/checkout/submit", new
        {
            checkoutSessionId = initiated.Body.GetProperty("checkoutSessionId").GetString(),
            shippingAddress = new { street = "1 Scale St", city = "San Francisco", state = "CA", zipCode = "94105", country = "US" },
            paymentMethod = new { id = "PM-TEST-VISA", type = "credit_card" },
            shippingMethod = "standard",
        }, shopper.Token, Guid.NewGuid().ToString("N")));
        Expect(submitted, 201, "submit");
        timings["submit"].Add(submitMs * 1000);
    }

    /// <summary>A product page, and the first of its SKUs in stock with its warehouse.</summary>
    private static async Task<(string Product, string Sku, string Warehouse)> StockedAsync(Shopper shopper, string productId)
    {
        var page = await SendAsync(shopper.Http, HttpMethod.Get, $"/api/v1/products/{productId}", null, shopper.Token);
        Expect(page, 200, "product page");
        var stocked = page.Body.GetProperty("availability").EnumerateArray().First(a => a.GetProperty("available").GetInt32() > 0);
        return (productId, stocked.GetProperty("sku").GetString()!, stocked.GetProperty("warehouse").GetString()!);
    }

    private sealed record Reply(int Status, JsonElement Body, string Text);

    private static async Task<Reply> SendAsync(HttpClient http, HttpMethod method, string path, object? body, string? token, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    /// <summary>A visit that goes wrong makes the figures meaningless: stop.</summary>
    private static void Expect(Reply reply, int status, string what)
    {
        if (reply.Status != status)
        {
            throw new InvalidOperationException($"{what}: {reply.Status}, expected {status}: {reply.Text}");
        }
    }

    private static Dictionary<string, ConcurrentBag<double>> Timings() => Steps.ToDictionary(s => s, _ => new ConcurrentBag<double>());

    private static async Task<(T Value, double Seconds)> TimedAsync<T>(Func<Task<T>> start)
    {
        var started = Stopwatch.GetTimestamp();
        var value = await start();
        return (value, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0} MB");

    private static void Print(string line) => Console.WriteLine($"[scale] {line}");
}
