using Checkout.Benchmarks;

// Usage: dotnet run -c Release --project bench/Checkout.Benchmarks -- [fanout|overhead|state|cartsize|cart|cart-calls|floor|echo-curve|scale|all] [--latency MS]
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var latencyAt = Array.IndexOf(args, "--latency");
var latency = latencyAt >= 0 ? int.Parse(args[latencyAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 50;

string[] commands = ["fanout", "overhead", "state", "cartsize", "cart", "cart-calls", "floor", "echo-curve", "scale", "all", FloorProcess.Command, "scale-alone"];
if (!commands.Contains(which))
{
    // A command it does not know ends with an error, not with nothing done.
    Console.Error.WriteLine($"Unknown benchmark \"{which}\": one of fanout, overhead, state, cartsize, cart, cart-calls, floor, echo-curve, scale, all.");
    return 2;
}

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

if (which is "cart")
{
    // The median of three alternations of five seconds each, at 8 and at 32 callers
    // (--phase S and --rounds N change them, e.g. to attach a profiler for longer).
    await Benchmarks.CartFloorAsync(TimeSpan.FromSeconds(Option("--phase", 5)), rounds: Option("--rounds", 3));
}

if (which is "cart-calls")
{
    // The cart command's calls apart, each against the echo floor: three rounds of --phase S (5) each.
    await CartCalls.RunAsync(TimeSpan.FromSeconds(Option("--phase", 5)), rounds: Option("--rounds", 3));
}

if (which is "scale")
{
    // The seed-sized shop and the big one in turns: --visits on each, --shoppers at once.
    await ScaleBenchmark.RunAsync(Option("--visits", 600), Option("--shoppers", 4));
}

if (which is "floor")
{
    // Three rounds of echo floor, Kestrel floor (--phase S each) and 8 shoppers (twice as long).
    await FloorBenchmark.RunAsync(TimeSpan.FromSeconds(Option("--phase", 5)), rounds: Option("--rounds", 3));
}

if (which is "echo-curve")
{
    // The echo floor's CPU per call at 1, 2, 4 and 8 callers (--phase S each), twice in turns.
    await EchoCurve.RunAsync(TimeSpan.FromSeconds(Option("--phase", 5)), rounds: Option("--rounds", 2));
}

if (which == FloorProcess.Command)
{
    // One floor alone in this process: floor-child echo|kestrel CALLERS SECONDS.
    await FloorProcess.RunChildAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)));
}

if (which is "scale-alone")
{
    // One shop alone, for its memory and start-up (the scale command runs it twice in child processes).
    await ScaleBenchmark.AloneAsync(args[1] == "seed" ? null : args[1], Option("--visits", 600), Option("--shoppers", 4));
}

return 0;

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is >= 0 and var at ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
