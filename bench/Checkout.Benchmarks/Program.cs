using Checkout.Benchmarks;

// Usage: dotnet run -c Release --project bench/Checkout.Benchmarks -- [fanout|overhead|state|cartsize|all] [--latency MS]
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var latencyAt = Array.IndexOf(args, "--latency");
var latency = latencyAt >= 0 ? int.Parse(args[latencyAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 50;

Console.WriteLine($"Checkout benchmarks on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:u}");
if (which is "fanout" or "all")
{
    await Benchmarks.FanOutAsync(latency);
}

if (which is "overhead" or "all")
{
    await Benchmarks.OverheadAsync();
}

if (which is "state" or "all")
{
    await Benchmarks.StateStoreAsync();
}

if (which is "cartsize" or "all")
{
    await Benchmarks.CartSizeAsync();
}
