using System.Text;
using Checkout.DaprSidecarDouble;
using Checkout.Platform.State;
using Checkout.Standalone;
using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkout.IntegrationTests.DaprDouble;

/// <summary>
/// The mesh's Dapr state adapter against the stores the run files name: every failed
/// condition is a lost race (false, nothing written) whatever status daprd used for it, and
/// a failure that is not a lost race still surfaces. And the start-up check that keeps the
/// mesh off a store whose transactions are not all-or-nothing.
/// </summary>
public sealed class DaprStateAdapterTests
{
    public static TheoryData<string, string> AtomicStores => new()
    {
        { "state.sqlite", "v1" },
        { "state.postgresql", "v2" },
    };

    [Theory]
    [MemberData(nameof(AtomicStores))]
    public async Task Every_lost_race_is_false_and_writes_nothing(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        using var dapr = Client(sidecar);
        var store = new DaprStateStore(dapr, "statestore");

        Assert.True(await store.TrySaveAsync("order", Bytes("first"), ETags.MustNotExist));
        var stored = (await store.GetAsync("order"))!;

        // Create-only on an existing key: Aborted on SQLite, Internal on PostgreSQL.
        Assert.False(await store.TrySaveAsync("order", Bytes("second"), ETags.MustNotExist));
        // A stale ETag on a single write: Aborted.
        Assert.True(await store.TrySaveAsync("order", Bytes("updated"), stored.ETag));
        Assert.False(await store.TrySaveAsync("order", Bytes("stale"), stored.ETag));
        Assert.False(await store.TryDeleteAsync("order", stored.ETag));
        // A transaction that lost a race: always Internal; nothing of it is written.
        Assert.False(await store.TryTransactAsync([StateOperation.Upsert("counter", Bytes("1"), ETags.MustNotExist), StateOperation.Upsert("order", Bytes("stale"), stored.ETag)]));
        Assert.False(await store.TryTransactAsync([StateOperation.Upsert("counter", Bytes("1"), ETags.MustNotExist), StateOperation.Upsert("order", Bytes("again"), ETags.MustNotExist)]));

        Assert.Null(await store.GetAsync("counter"));
        Assert.Equal("updated", Encoding.UTF8.GetString((await store.GetAsync("order"))!.Value.Span));
    }

    [Theory]
    [MemberData(nameof(AtomicStores))]
    public async Task A_transaction_whose_conditions_all_hold_commits_every_operation(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        using var dapr = Client(sidecar);
        var store = new DaprStateStore(dapr, "statestore");
        Assert.True(await store.TrySaveAsync("stock", Bytes("10"), ETags.MustNotExist));
        var stock = (await store.GetAsync("stock"))!;

        Assert.True(await store.TryTransactAsync([StateOperation.Upsert("stock", Bytes("9"), stock.ETag), StateOperation.Upsert("reservation", Bytes("held"), ETags.MustNotExist), StateOperation.Delete("nothing", ETags.Any)]));

        var read = await store.GetManyAsync(["reservation", "stock"]);
        Assert.Equal(["held", "9"], read.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => Encoding.UTF8.GetString(i.Value.Span)));
    }

    [Fact]
    public async Task A_failure_that_is_not_a_lost_race_surfaces()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.sqlite", "v1");
        using var dapr = Client(sidecar);
        var store = new DaprStateStore(dapr, "not-a-store");
        await Assert.ThrowsAsync<Dapr.DaprException>(() => store.TryTransactAsync([StateOperation.Upsert("a", Bytes("1"), ETags.Any), StateOperation.Upsert("b", Bytes("2"), ETags.Any)]));
    }

    [Theory]
    [InlineData("state.sqlite", "v1")]
    [InlineData("state.postgresql", "v2")]
    public async Task The_startup_check_accepts_a_store_with_atomic_transactions(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        using var dapr = Client(sidecar);
        await Check(dapr, "statestore").StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_startup_check_refuses_redis_and_says_why()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.redis", "v1");
        using var dapr = Client(sidecar);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Check(dapr, "statestore").StartAsync(CancellationToken.None));
        Assert.Contains("state.redis v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("not all-or-nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_on_a_redis_state_store_does_not_start_and_writes_nothing()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.redis", "v1");
        var app = Inventory.InventoryApp.Build(["--urls", $"http://127.0.0.1:{LoopbackPorts.Next()}"], new Platform.Hosting.HostOverrides
        {
            Configuration = new Dictionary<string, string?>
            {
                [Platform.Hosting.CheckoutModeConfiguration.ModeKey] = "Dapr",
                ["DAPR_GRPC_PORT"] = sidecar.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        await using (app)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
            Assert.Contains("state.redis", error.Message, StringComparison.Ordinal);
        }

        // The stock seed runs after the check: nothing reached the store.
        Assert.Empty(sidecar.Sidecars.State.Snapshot());
    }

    [Fact]
    public async Task The_startup_check_refuses_a_store_the_sidecar_did_not_load()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.sqlite", "v1");
        using var dapr = Client(sidecar);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Check(dapr, "orders").StartAsync(CancellationToken.None));
        Assert.Contains("no state store 'orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_startup_check_waits_for_a_sidecar_that_is_not_up_yet()
    {
        var port = LoopbackPorts.Next();
        using var dapr = new DaprClientBuilder().UseGrpcEndpoint($"http://127.0.0.1:{port}").Build();
        var waiting = Check(dapr, "statestore").StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.False(waiting.IsCompleted);

        var resources = DaprResources.Of(new StateComponent("statestore", "state.sqlite", "v1", []));
        var apps = new Dictionary<string, AppEndpoint> { [SidecarUnderTest.AppId] = new($"http://127.0.0.1:{LoopbackPorts.Next()}", Grpc: true) };
        await using var sidecars = await Sidecars.StartAsync(apps, new Dictionary<string, int> { [SidecarUnderTest.AppId] = port }, resources);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static DaprStateStoreCheck Check(DaprClient dapr, string storeName) =>
        new(dapr, new DaprStateStore(dapr, storeName), new ConfigurationBuilder().Build(), NullLogger<DaprStateStoreCheck>.Instance);

    private static DaprClient Client(SidecarUnderTest sidecar) => new DaprClientBuilder().UseGrpcEndpoint($"http://127.0.0.1:{sidecar.Port}").Build();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
