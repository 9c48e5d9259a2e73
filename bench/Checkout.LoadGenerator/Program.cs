using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Checkout.LoadGenerator;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(16, options.Shoppers * 2) }) { BaseAddress = options.Target };
var metrics = new Metrics();

if (options.Demo)
{
    var demo = new ShopperVisit(new ApiClient(http, metrics, Console.WriteLine), new ShopperMix(Browse: 1, Add: 1, Update: 1, View: 1, Checkout: 1), new Random(1), new ConcurrentDictionary<string, byte>());
    var placed = await demo.RunAsync($"DEMO-{DateTime.UtcNow:HHmmss}");
    Console.WriteLine(placed is null ? "The demo shopper could not check out." : $"Order {placed.OrderId} placed.");
    return placed is null ? 1 : 0;
}

if (options.Restock is { } onHand)
{
    var restocked = await Restock.RunAsync(new ApiClient(http, new Metrics()), options.Inventory, onHand);
    Console.WriteLine($"Restocked {restocked} stock lines to {onHand} units on hand.");
}

var orders = new ConcurrentBag<ShopperVisit.PlacedOrder>();
var seenSkus = new ConcurrentDictionary<string, byte>();
var crashes = new ConcurrentBag<string>();
using var stop = new CancellationTokenSource(options.Checkouts is null ? options.Duration : Timeout.InfiniteTimeSpan);
var clock = Stopwatch.StartNew();
var run = $"{DateTime.UtcNow:HHmmss}";

var shoppers = Enumerable.Range(0, options.Shoppers).Select(n => Task.Run(async () =>
{
    var visit = new ShopperVisit(new ApiClient(http, metrics), options.Mix, new Random(n), seenSkus);
    for (var i = 0; !stop.IsCancellationRequested; i++)
    {
        try
        {
            if (await visit.RunAsync($"LOAD-{run}-{n}-{i}") is { } placed)
            {
                orders.Add(placed);
                if (options.Checkouts is { } wanted && orders.Count >= wanted)
                {
                    await stop.CancelAsync();
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            crashes.Add(ex.Message);
        }
    }
})).ToList();

var progress = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(1000).ConfigureAwait(false);
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{clock.Elapsed.TotalSeconds,5:0}s] {metrics.Requests} requests, {orders.Count} checkouts ({orders.Count / clock.Elapsed.TotalSeconds:0.0}/s), {metrics.Errors} errors   "));
    }
});

await Task.WhenAll(shoppers);
var elapsed = clock.Elapsed;
await progress;
Console.WriteLine();

// Correctness under load: every 201 has its order, and every order its own payment.
var problems = new List<string>(crashes.Distinct().Select(c => $"a shopper failed: {c}"));
var checker = new ApiClient(http, new Metrics());
foreach (var order in orders)
{
    var stored = await checker.SendAsync("check", HttpMethod.Get, $"/api/v1/orders/{order.OrderId}", token: order.CustomerToken);
    if (!stored.Ok || stored.Body.GetProperty("status").GetString() is not ("CONFIRMED" or "PROCESSING"))
    {
        problems.Add($"order {order.OrderId} answered {stored.Status} {(stored.Ok ? stored.Body.GetProperty("status").GetString() : string.Empty)}");
    }
}

if (!string.IsNullOrEmpty(options.Inventory))
{
    var stock = await StockCheck.RunAsync(options.Inventory, seenSkus.Keys);
    problems.AddRange(stock.Select(s => $"stock below zero: {s}"));
    Console.WriteLine(stock.Count == 0 ? "Stock check passed: no SKU below zero or over-reserved in any warehouse." : "Stock check FAILED.");
}

var duplicatePayments = orders.GroupBy(o => o.TransactionId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
problems.AddRange(duplicatePayments.Select(t => $"transaction {t} paid more than one order"));
if (orders.Select(o => o.OrderId).Distinct().Count() != orders.Count)
{
    problems.Add("an order id was returned twice");
}

var summary = metrics.Summarize(elapsed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Shoppers} shoppers for {elapsed.TotalSeconds:0.0} s against {options.Target}: {orders.Count} checkouts, {orders.Count / elapsed.TotalSeconds:0.00} checkouts/s"));
Console.WriteLine($"{"endpoint",-26} {"requests",9} {"errors",7} {"refused",8} {"req/s",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}  statuses (refused and errors)");
foreach (var e in summary)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Endpoint,-26} {e.Requests,9} {e.Errors,7} {e.ExpectedRefusals,8} {e.PerSecond,8:0.0} {e.P50Ms,8:0.0} {e.P90Ms,8:0.0} {e.P99Ms,8:0.0} {e.MaxMs,8:0.0}  {string.Join(" ", e.ErrorStatuses.Select(s => $"{s.Key}x{s.Value}"))}"));
}

Console.WriteLine("refused: answers a shop under load gives by design (OUT_OF_STOCK, ITEMS_UNAVAILABLE: another shopper got the last unit); not errors.");
Console.WriteLine(problems.Count == 0
    ? $"Checks passed: {orders.Count} orders found, each with its own payment; no stock below zero."
    : "CHECKS FAILED:\n  " + string.Join("\n  ", problems));

if (options.JsonOutput is { } file)
{
    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
    {
        options.Shoppers,
        seconds = elapsed.TotalSeconds,
        checkouts = orders.Count,
        checkoutsPerSecond = orders.Count / elapsed.TotalSeconds,
        endpoints = summary,
        problems,
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
}

var failed = metrics.Errors > 0 || problems.Count > 0;
if (failed)
{
    Console.WriteLine($"FAILED: {metrics.Errors} error responses, {problems.Count} failed checks.");
}

return failed ? 1 : 0;
