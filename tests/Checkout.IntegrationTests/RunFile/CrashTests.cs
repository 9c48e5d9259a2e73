using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Checkout.Contracts.Inventory.V1;
using Checkout.Standalone;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>
/// The standalone mesh as a real process, killed (SIGKILL) while eight shoppers check out,
/// then started again on the same data: every submission the kill cut off is finished or
/// undone by recovery, every client gets its order back through its Idempotency-Key or can
/// submit again, no payment is left without its order, no stock stays held, and no
/// once-per-customer code was used twice.
/// </summary>
[Collection(RunFileCollection.Name)]
public sealed class CrashTests : IDisposable
{
    private const int Shoppers = 8;
    private readonly string _data = Directory.CreateTempSubdirectory("checkout-crash-").FullName;
    private readonly int _port = LoopbackPorts.NextBlock(LoopbackPorts.MeshBlock);

    private string Bff => $"http://127.0.0.1:{_port}";

    [Fact]
    public async Task A_mesh_killed_mid_checkout_finishes_or_undoes_every_submission_after_a_restart()
    {
        var shoppers = new List<(HttpClient Client, string Customer)>();
        var lastAttempt = new (string Key, object Body)?[Shoppers];

        // Kill the mesh the moment Checkout's file shows a submission under way (read from
        // outside, as WAL lets another process read). A kill can still land just after it
        // ended: then start again on the same data and kill again, so the test proves something.
        var attempts = new int[Shoppers];
        for (var kills = 0; ; kills++)
        {
            var mesh = await StartAsync();
            if (shoppers.Count == 0)
            {
                using var client = new HttpClient { BaseAddress = new Uri(Bff) };
                for (var i = 0; i < Shoppers; i++)
                {
                    var customer = $"CUST-CRASH-{i}";
                    shoppers.Add((MeshFixture.Authorized(Bff, await MeshFixture.TokenAsync(client, customer)), customer));
                }
            }

            await CheckOutUntilKilledAsync(mesh, shoppers, lastAttempt, attempts);
            if (OpenSubmissions() > 0)
            {
                break;
            }

            Assert.True(kills < 10, "ten kills in a row cut no submission off");
        }

        _second = await StartAsync();

        // Every client's last request, asked again with its key: its order, or an answer that
        // lets it submit again; never stuck. Recovery takes over after its 2-second grace.
        foreach (var (shopper, attempt) in shoppers.Zip(lastAttempt))
        {
            if (attempt is not { } last)
            {
                continue;
            }

            var response = await UntilSettledAsync(() => SubmitAsync(shopper.Client, last.Body, last.Key));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{shopper.Customer}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // After recovery: no order is left waiting for its payment, every order is paid or
        // failed, WELCOME10 counted once per customer at most, and no stock stays held.
        foreach (var (shopper, customer) in shoppers)
        {
            var orders = (await (await shopper.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray().ToList();
            Assert.DoesNotContain(orders, o => o.GetProperty("status").GetString() == "PENDING_PAYMENT");
            Assert.True(orders.Count(o => o.GetProperty("status").GetString() is "CONFIRMED" or "PROCESSING" && o.GetProperty("pricing").GetProperty("discounts").EnumerateArray().Any(d => d.GetProperty("code").GetString() == "WELCOME10")) <= 1, customer);
            foreach (var order in orders)
            {
                // Paid exactly when confirmed: no charge without its order, no order without its charge.
                var confirmed = order.GetProperty("status").GetString() is "CONFIRMED" or "PROCESSING";
                Assert.Equal(confirmed, order.GetProperty("payment").GetProperty("status").GetString() == "COMPLETED");
            }

            // A new checkout goes through: nothing of the customer is stuck.
            (await shopper.PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode();
            var session = (await (await shopper.PostAsync("/api/v1/checkout/initiate", JsonContent.Create(new { }))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutSessionId").GetString()!;
            await (await SubmitAsync(shopper, Shopper.Body(session), $"after-{customer}")).ReadAsync(HttpStatusCode.Created);
        }

        // No order event was lost with the process: every paid order reaches PROCESSING, which
        // Order's own consumer of order.created does.
        foreach (var (shopper, customer) in shoppers)
        {
            var processed = await UntilAsync(async () =>
                (await (await shopper.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray()
                    .Where(o => o.GetProperty("payment").GetProperty("status").GetString() == "COMPLETED")
                    .All(o => o.GetProperty("status").GetString() == "PROCESSING"));
            Assert.True(processed, $"{customer} has a paid order whose order.created never reached Order");
        }

        using var inventoryChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{_port + 2}");
        var inventory = new InventoryService.InventoryServiceClient(inventoryChannel);
        var settled = await UntilAsync(async () => (await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { WarehouseId = "US-WEST-01", Skus = { "SKU-ABC-001" } })).Levels.Single().Reserved == 0);
        Assert.True(settled, "stock is still held after recovery");
        foreach (var (shopper, _) in shoppers)
        {
            shopper.Dispose();
        }
    }

    private Process? _second;

    /// <summary>Each shopper checks out again and again, each attempt with its own key, until the mesh is killed mid-submission.</summary>
    private async Task CheckOutUntilKilledAsync(Process mesh, List<(HttpClient Client, string Customer)> shoppers, (string Key, object Body)?[] lastAttempt, int[] attempts)
    {
        var answered = 0;
        using var stop = new CancellationTokenSource();
        var running = shoppers.Select((shopper, index) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var attempt = attempts[index]++;
                    (await shopper.Client.PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode();
                    var session = (await (await shopper.Client.PostAsync("/api/v1/checkout/initiate", JsonContent.Create(new { }))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutSessionId").GetString()!;
                    var body = Shopper.Body(session, promotionCodes: attempt == 0 ? ["WELCOME10"] : []);
                    var key = $"crash-{index}-{attempt}";
                    lastAttempt[index] = (key, body);
                    await SubmitAsync(shopper.Client, body, key);
                    Interlocked.Increment(ref answered);
                }
                catch (Exception) when (stop.IsCancellationRequested || mesh.HasExited)
                {
                    return;
                }
            }
        })).ToList();

        while (Volatile.Read(ref answered) < 6 || OpenSubmissions() == 0)
        {
            await Task.Delay(1);
        }

        mesh.Kill(entireProcessTree: true);
        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30));
        await mesh.WaitForExitAsync();
        mesh.Dispose();
    }

    public void Dispose()
    {
        if (_second is { HasExited: false })
        {
            _second.Kill(entireProcessTree: true);
            _second.WaitForExit();
        }

        _second?.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>How many submissions Checkout's file lists as not ended (read while the mesh is down).</summary>
    private int OpenSubmissions()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "checkout.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM state WHERE key LIKE 'submissions:open:%'";
        using var reader = command.ExecuteReader();
        var open = 0;
        while (reader.Read())
        {
            open += JsonDocument.Parse((byte[])reader.GetValue(0)).RootElement.GetProperty("orderIds").GetArrayLength();
        }

        return open;
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkout/submit") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>Asks again while the answer is "still running" (409) or "unavailable" (503), for at most a minute.</summary>
    private static async Task<HttpResponseMessage> UntilSettledAsync(Func<Task<HttpResponseMessage>> call)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await call();
            if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable) || DateTimeOffset.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<bool> UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    /// <summary>The standalone runner as README's first command starts it, on its own ports and data, with recovery's grace short enough for a test.</summary>
    private async Task<Process> StartAsync()
    {
        var start = StandaloneRunner.StartInfo(_port, _data, "--Checkout:Recovery:Grace=00:00:02", "--Checkout:Recovery:Interval=00:00:01", $"--Auth:DevelopmentSigningKey={MeshFixture.SigningKey}");
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The mesh exited while starting:\n{output}");
            }

            try
            {
                if ((await http.GetAsync($"{Bff}/healthz")).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
            {
            }

            await Task.Delay(200);
        }
    }
}
