using System.Globalization;
using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;

namespace Checkout.Benchmarks;

/// <summary>
/// The `cart` command's two calls taken apart: at 8 callers, the CPU time per call of the echo
/// floor (in a process of its own) and, in turns with it, of three Cart calls on the mesh:
/// GetCart of an empty cart (created by its first read; about the least a mesh call costs:
/// the same transport, server pipeline, interceptors and spans as any, the least state), GetCart
/// of a cart of three lines (a read from the kept values and its message), and AddItem (a
/// read-modify-write of the cart in the store). The last line gives each call's CPU time
/// over the echo's, the median of the rounds: what a call costs beyond the floor, and where.
/// </summary>
public static class CartCalls
{
    private const int Callers = 8;

    public static async Task RunAsync(TimeSpan phase, int rounds)
    {
        await using var mesh = await BenchMesh.StartAsync();
        var carts = new CartService.CartServiceClient(mesh.Channel(AppIds.Cart));
        for (var caller = 0; caller < Callers; caller++)
        {
            for (var sku = 1; sku <= 3; sku++)
            {
                await carts.AddItemAsync(HeadphonesLine($"BENCH-FULL-{caller}", sku));
            }
        }

        // Each AddItem goes to a cart of its own caller; a new cart every 40 keeps it small (at most 3 lines of at most 14 units).
        var added = 0;
        var calls = new (string Name, Func<int, Task> Call)[]
        {
            ("GetCart of an empty cart", caller => carts.GetCartAsync(new GetCartRequest { CustomerId = $"BENCH-EMPTY-{caller}" }).ResponseAsync),
            ("GetCart of 3 lines", caller => carts.GetCartAsync(new GetCartRequest { CustomerId = $"BENCH-FULL-{caller}" }).ResponseAsync),
            ("AddItem", caller =>
            {
                var n = Interlocked.Increment(ref added);
                return carts.AddItemAsync(HeadphonesLine($"BENCH-ADD-{caller}-{n / 40}", 1 + (n % 3))).ResponseAsync;
            }),
        };

        foreach (var (name, call) in calls)
        {
            var warmUp = await Load.WarmUpAsync(d => Load.MeasureAsync(Callers, d, (c, _) => Once(call, c)), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
            Print($"{name}: {warmUp}");
        }

        var ratios = calls.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var floor = await FloorProcess.MeasureAsync("echo", Callers, phase);
            Print(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: echo floor {floor.PerSecond,6:0} calls/s, {floor.CpuMicrosecondsPerCall,4:0} µs of CPU and {floor.AllocatedBytesPerCall / 1024,4:0.0} KB per call"));
            foreach (var (name, call) in calls)
            {
                var rate = await Load.MeasureAsync(Callers, phase, (c, _) => Once(call, c));
                ratios[name].Add(floor.CpuMicrosecondsPerCall / rate.CpuMicrosecondsPerCall);
                Print(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {name,-24} {rate.PerSecond,6:0} calls/s, {rate.CpuMicrosecondsPerCall,4:0} µs of CPU and {rate.AllocatedBytesPerCall / 1024,4:0.0} KB per call; echo's CPU over its: {floor.CpuMicrosecondsPerCall / rate.CpuMicrosecondsPerCall:0.00}"));
            }
        }

        Console.WriteLine("cart calls, echo floor's CPU per call over theirs: " + string.Join(", ", ratios.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value.Order().ElementAt(r.Value.Count / 2):0.00}"))));
    }

    /// <summary>One unit of the seed's headphones (SKU-ABC-00<paramref name="sku"/>) for <paramref name="customer"/>: the line the cart benchmarks add.</summary>
    internal static AddItemRequest HeadphonesLine(string customer, int sku) => new()
    {
        CustomerId = customer,
        ProductId = "PROD-12345",
        Sku = $"SKU-ABC-00{sku}",
        Name = "Premium Wireless Headphones",
        WarehouseId = "US-WEST-01",
        Quantity = 1,
        UnitPrice = MoneyExtensions.Cents(24999),
    };

    private static async Task<int> Once(Func<int, Task> call, int caller)
    {
        await call(caller);
        return 1;
    }

    private static void Print(string line) => Console.WriteLine($"[cart-calls] {line}");
}
