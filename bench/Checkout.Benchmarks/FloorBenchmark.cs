using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Checkout.Contracts.Inventory.V1;
using Checkout.Inventory;
using Checkout.LoadGenerator;
using Checkout.Platform.Hosting;

namespace Checkout.Benchmarks;

/// <summary>
/// Checkouts per second against what the machine's floors allow. In each round, in turns on
/// the same machine: the gRPC echo floor and the Kestrel floor at 8 callers (each in a
/// process of its own, <see cref="FloorProcess"/>), then 8
/// shoppers running the load generator's default visit on the mesh, while every request
/// the mesh serves is counted. The floor bound is the checkouts per second the machine
/// could do if each of those requests cost only its floor:
/// 1 / (REST requests per checkout / Kestrel floor + gRPC calls per checkout / echo floor).
/// </summary>
public static class FloorBenchmark
{
    private const int Callers = 8;

    public static async Task RunAsync(TimeSpan phase, int rounds)
    {
        using var hops = new HopCounter();
        using var writes = new StateWriteCounter();
        await using var mesh = await BenchMesh.StartAsync();
        using var http = ShoppersClient(mesh);
        Print($"mesh {await WarmUpAsync(mesh, http)}");

        var ratios = new List<double>();
        var costRatios = new List<double>();
        var metrics = new Metrics();
        for (var round = 1; round <= rounds; round++)
        {
            var echo = await FloorProcess.MeasureAsync("echo", Callers, phase);
            var kestrel = await FloorProcess.MeasureAsync("kestrel", Callers, phase);
            var (grpcFloor, restFloor) = (echo.PerSecond, kestrel.PerSecond);
            hops.Take();
            hops.Counting = true;
            writes.Take(1);
            writes.Counting = true;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var cpuBefore = Load.ProcessCpu();
            var compilingBefore = System.Runtime.JitInfo.GetCompilationTime();
            var pausedBefore = GC.GetTotalPauseDuration();
            // A collection of any generation counts in generation 0's count too.
            var collectionsBefore = GC.CollectionCount(0);
            var (checkouts, seconds) = await ShopAsync(http, $"r{round}", 2 * phase, metrics);
            var cpuPerCheckout = (Load.ProcessCpu() - cpuBefore).TotalMilliseconds / checkouts;
            var compiling = System.Runtime.JitInfo.GetCompilationTime() - compilingBefore;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            var collections = GC.CollectionCount(0) - collectionsBefore;
            var allocatedPerCheckout = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e6 / checkouts;
            hops.Counting = false;
            writes.Counting = false;
            var (rest, grpc, grpcSeconds) = hops.Take();
            var (restPerCheckout, grpcPerCheckout) = ((double)rest / checkouts, (double)grpc / checkouts);
            var bound = 1 / ((restPerCheckout / restFloor) + (grpcPerCheckout / grpcFloor));
            var perSecond = checkouts / seconds;
            ratios.Add(perSecond / bound);
            // The same bound in CPU time: what the checkout's requests would cost at their floors' CPU per call.
            var floorCpuPerCheckout = ((restPerCheckout * kestrel.CpuMicrosecondsPerCall) + (grpcPerCheckout * echo.CpuMicrosecondsPerCall)) / 1000;
            costRatios.Add(floorCpuPerCheckout / cpuPerCheckout);
            Print(string.Create(CultureInfo.InvariantCulture, $"round {round}: echo {grpcFloor:0} calls/s, Kestrel {restFloor:0} requests/s; {checkouts} checkouts in {seconds:0.0} s, {perSecond:0.0}/s, each {restPerCheckout:0.0} REST requests and {grpcPerCheckout:0.0} gRPC calls; floor bound {bound:0} checkouts/s, ratio {perSecond / bound:0.00}; {allocatedPerCheckout:0.00} MB allocated and {cpuPerCheckout:0.0} ms of CPU per checkout against {floorCpuPerCheckout:0.0} ms at the floors, ratio {floorCpuPerCheckout / cpuPerCheckout:0.00} (the process's, shoppers included); the JIT compiling {compiling.TotalMilliseconds:0} ms of it; the GC pausing the process {paused.TotalMilliseconds:0} ms of the {seconds:0.0} s in {collections} collections"));
            // Little's law: a service's calls in flight on average are the seconds they took over the seconds counted.
            var inFlight = grpcSeconds.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key.Split('.')[^1]} {s.Value / seconds:0.00}"));
            Print($"round {round}: gRPC calls in flight on average, per service (the echo floor keeps {Callers}): {string.Join(", ", inFlight)}");
            Print($"round {round}: state per checkout (the embedded stores, every app): {writes.Take(checkouts)}");
        }

        foreach (var endpoint in metrics.Summarize(TimeSpan.FromSeconds(1)).Where(e => e.Endpoint is "POST /checkout/initiate" or "POST /checkout/submit" or "POST /cart/items"))
        {
            Print(string.Create(CultureInfo.InvariantCulture, $"{endpoint.Endpoint,-24} p50 {endpoint.P50Ms,6:0.0} ms p99 {endpoint.P99Ms,6:0.0} ms ({endpoint.Requests} requests, {endpoint.Errors} errors)"));
        }

        // Submit under the load against its sequential hops, each called alone by one caller on the same (now idle) mesh.
        var submit = metrics.Summarize(TimeSpan.FromSeconds(1)).Single(e => e.Endpoint == "POST /checkout/submit");
        var (_, hopSum) = await Benchmarks.SubmitHopsAloneAsync(mesh, 100);
        Print(string.Create(CultureInfo.InvariantCulture, $"submit at {Callers} shoppers: p50 {submit.P50Ms:0.0} ms, p99 {submit.P99Ms:0.0} ms; its sequential hops alone sum to {hopSum:0.00} ms: p50 {submit.P50Ms / hopSum:0.0}x (goal 3), p99 {submit.P99Ms / hopSum:0.0}x (goal 10)"));

        ratios.Sort();
        costRatios.Sort();
        // The steadier companion of the last line: CPU time per checkout at the floors over CPU time per checkout.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU per checkout, floors' over ours: {costRatios[costRatios.Count / 2]:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkouts/s over floor bound: {ratios[ratios.Count / 2]:0.00}"));
    }

    /// <summary>The HTTP client the shoppers share.</summary>
    public static HttpClient ShoppersClient(BenchMesh mesh) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 2 * Callers }) { BaseAddress = mesh.Http.BaseAddress };

    /// <summary>
    /// Stocks the mesh up and warms it up (JIT, tiering, connections) before anything is counted,
    /// as each floor warms itself up: <see cref="Callers"/> shoppers until the JIT has settled. A
    /// fixed 20 s left it compiling into the rounds (perf: 8 % of the process's samples in
    /// libclrjit while the shoppers ran).
    /// </summary>
    public static async Task<WarmUp> WarmUpAsync(BenchMesh mesh, HttpClient http)
    {
        await StockUpAsync(mesh);
        var step = 0;
        return await Load.WarmUpAsync(d => ShopAsync(http, $"warm{step++}", d, new Metrics()), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(120));
    }

    /// <summary>Every seed SKU gets 1,000,000 units, so the rounds do not run the shop out of stock.</summary>
    private static async Task StockUpAsync(BenchMesh mesh)
    {
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        foreach (var line in StockSeed.Load().Stock)
        {
            await inventory.SetStockAsync(new SetStockRequest { Sku = line.Sku, WarehouseId = line.WarehouseId, OnHand = 1_000_000 });
        }
    }

    /// <summary><see cref="Callers"/> shoppers visiting for <paramref name="duration"/> (each finishes the visit it is in): the checkouts, and the seconds it took.</summary>
    private static async Task<(int Checkouts, double Seconds)> ShopAsync(HttpClient http, string run, TimeSpan duration, Metrics metrics)
    {
        var placed = 0;
        var seenSkus = new ConcurrentDictionary<string, byte>();
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(Stopwatch.Frequency * duration.TotalSeconds);
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async shopper =>
        {
            var visit = new ShopperVisit(new ApiClient(http, metrics), new ShopperMix(), new Random(shopper), seenSkus);
            for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                if (await visit.RunAsync($"FLOOR-{run}-{shopper}-{i}") is not null)
                {
                    Interlocked.Increment(ref placed);
                }
            }
        }));
        if (metrics.Errors > 0)
        {
            throw new InvalidOperationException($"{metrics.Errors} requests failed under load: the figures would mean nothing.");
        }

        return (placed, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static void Print(string line) => Console.WriteLine($"[floor] {line}");
}
