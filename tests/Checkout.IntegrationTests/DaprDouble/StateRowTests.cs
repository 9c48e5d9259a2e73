using Checkout.DaprSidecarDouble;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.IntegrationTests.DaprDouble;

/// <summary>
/// One test per row of docs/dapr-semantics.md, "State API" and "State stores": what the
/// sidecar double answers, per store, over the raw Dapr gRPC API.
/// </summary>
public sealed class StateRowTests
{
    public static TheoryData<string, string> Stores => new()
    {
        { "state.sqlite", "v1" },
        { "state.postgresql", "v2" },
        { "state.redis", "v1" },
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_missing_key_reads_as_empty_data_and_an_empty_etag(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        var response = await sidecar.Client.GetStateAsync(new GetStateRequest { StoreName = "statestore", Key = "nothing" });
        Assert.Equal((0, string.Empty), (response.Data.Length, response.Etag));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Keys_are_stored_under_the_app_id_and_may_not_contain_the_separator(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        await SaveAsync(sidecar, "k", "v");
        Assert.Contains($"{SidecarUnderTest.AppId}||k", sidecar.Sidecars.State.Snapshot().Keys);
        var error = await Assert.ThrowsAsync<RpcException>(() => SaveAsync(sidecar, "a||b", "v"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_save_with_a_stale_etag_is_aborted_and_changes_nothing(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        var etag = await SaveAndReadETagAsync(sidecar, "k", "v1");
        await SaveAsync(sidecar, "k", "v2", etag);

        var error = await Assert.ThrowsAsync<RpcException>(() => SaveAsync(sidecar, "k", "v3", etag));
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("v2", await ReadAsync(sidecar, "k"));
    }

    [Theory]
    [InlineData("state.sqlite", "v1", StatusCode.Aborted)]
    [InlineData("state.postgresql", "v2", StatusCode.Aborted)]
    [InlineData("state.redis", "v1", StatusCode.OK)]
    public async Task A_save_with_an_etag_to_a_missing_key_is_a_mismatch_except_on_redis_which_creates_it(string type, string version, StatusCode expected)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        Assert.Equal(expected, await StatusOfAsync(() => SaveAsync(sidecar, "k", "v", "1")));
    }

    [Theory]
    [InlineData("state.sqlite", "v1", StatusCode.Aborted)]
    [InlineData("state.postgresql", "v2", StatusCode.Internal)]
    [InlineData("state.redis", "v1", StatusCode.OK)]
    public async Task A_first_write_without_etag_to_an_existing_key_fails_differently_per_store(string type, string version, StatusCode expected)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        await SaveAsync(sidecar, "k", "first");

        Assert.Equal(expected, await StatusOfAsync(() => SaveAsync(sidecar, "k", "second", firstWrite: true)));
        Assert.Equal(expected == StatusCode.OK ? "second" : "first", await ReadAsync(sidecar, "k"));
    }

    [Fact]
    public async Task On_redis_a_key_written_first_write_refuses_every_later_write_without_etag()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.redis", "v1");
        await SaveAsync(sidecar, "k", "first", firstWrite: true);

        Assert.Equal(StatusCode.Internal, await StatusOfAsync(() => SaveAsync(sidecar, "k", "again", firstWrite: true)));
        Assert.Equal(StatusCode.Internal, await StatusOfAsync(() => SaveAsync(sidecar, "k", "last-write")));
        Assert.Equal("first", await ReadAsync(sidecar, "k"));
    }

    [Theory]
    [InlineData("state.sqlite", "v1", StatusCode.Aborted)]
    [InlineData("state.postgresql", "v2", StatusCode.Aborted)]
    [InlineData("state.redis", "v1", StatusCode.InvalidArgument)]
    public async Task An_etag_that_cannot_be_the_stores_is_a_mismatch_or_invalid_per_store(string type, string version, StatusCode expected)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        await SaveAsync(sidecar, "k", "v");
        Assert.Equal(expected, await StatusOfAsync(() => SaveAsync(sidecar, "k", "v2", "not-an-etag")));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_delete_with_a_stale_etag_is_aborted(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        var etag = await SaveAndReadETagAsync(sidecar, "k", "v1");
        await SaveAsync(sidecar, "k", "v2", etag);

        var error = await Assert.ThrowsAsync<RpcException>(() => sidecar.Client.DeleteStateAsync(new DeleteStateRequest { StoreName = "statestore", Key = "k", Etag = new Etag { Value = etag } }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
    }

    [Theory]
    [InlineData("state.sqlite", "v1", false)]
    [InlineData("state.postgresql", "v2", false)]
    [InlineData("state.redis", "v1", true)]
    public async Task A_transaction_with_one_stale_etag_is_internal_and_redis_keeps_the_other_writes(string type, string version, bool partial)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        var etag = await SaveAndReadETagAsync(sidecar, "stock", "10");
        await SaveAsync(sidecar, "stock", "9", etag);

        var error = await Assert.ThrowsAsync<RpcException>(() => TransactAsync(sidecar, Upsert("reservation", "held"), Upsert("stock", "8", etag)));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.StartsWith("error while executing state transaction", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(partial ? "held" : null, await ReadAsync(sidecar, "reservation"));
        Assert.Equal("9", await ReadAsync(sidecar, "stock"));
    }

    [Theory]
    [InlineData("state.sqlite", "v1", false)]
    [InlineData("state.postgresql", "v2", false)]
    [InlineData("state.redis", "v1", true)]
    public async Task Inside_a_transaction_first_write_protects_an_existing_key_except_on_redis(string type, string version, bool overwritten)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        await SaveAsync(sidecar, "order", "first");

        var status = await StatusOfAsync(() => TransactAsync(sidecar, Upsert("order", "second", firstWrite: true), Upsert("counter", "2")));

        Assert.Equal(overwritten ? StatusCode.OK : StatusCode.Internal, status);
        Assert.Equal(overwritten ? "second" : "first", await ReadAsync(sidecar, "order"));
        Assert.Equal(overwritten ? "2" : null, await ReadAsync(sidecar, "counter"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_entry_past_its_ttl_is_gone(string type, string version)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version, clock);
        var request = new SaveStateRequest { StoreName = "statestore" };
        request.States.Add(new StateItem { Key = "k", Value = ByteString.CopyFromUtf8("v"), Metadata = { ["ttlInSeconds"] = "60" } });
        await sidecar.Client.SaveStateAsync(request);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("v", await ReadAsync(sidecar, "k"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await ReadAsync(sidecar, "k"));
    }

    [Fact]
    public async Task An_unknown_store_is_invalid_and_an_app_with_no_store_loaded_has_none_configured()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.sqlite", "v1");
        var unknown = await Assert.ThrowsAsync<RpcException>(() => sidecar.Client.GetStateAsync(new GetStateRequest { StoreName = "other", Key = "k" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);

        await using var scopedOut = await SidecarUnderTest.StartAsync(DaprResources.Of(new StateComponent("statestore", "state.sqlite", "v1", ["someone-else"])));
        var none = await Assert.ThrowsAsync<RpcException>(() => scopedOut.Client.GetStateAsync(new GetStateRequest { StoreName = "statestore", Key = "k" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Metadata_lists_the_loaded_store_with_its_type_version_and_capabilities(string type, string version)
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync(type, version);
        var metadata = await sidecar.Client.GetMetadataAsync(new GetMetadataRequest());
        var store = Assert.Single(metadata.RegisteredComponents);
        Assert.Equal(("statestore", type, version), (store.Name, store.Type, store.Version));
        Assert.Equal(["ETAG", "TRANSACTIONAL", "TTL", "KEYS_LIKE", "ACTOR"], store.Capabilities);
        Assert.Equal(SidecarUnderTest.AppId, metadata.Id);
    }

    [Fact]
    public async Task A_bulk_get_answers_in_the_tables_order_not_the_order_asked_with_missing_keys_last()
    {
        await using var sidecar = await SidecarUnderTest.WithStoreAsync("state.sqlite", "v1");
        await SaveAsync(sidecar, "a", "1");
        await SaveAsync(sidecar, "b", "2");
        var response = await sidecar.Client.GetBulkStateAsync(new GetBulkStateRequest { StoreName = "statestore", Keys = { "missing", "b", "a" } });
        Assert.Equal(["a", "b", "missing"], response.Items.Select(i => i.Key));
        Assert.Equal(string.Empty, response.Items[2].Etag);
    }

    internal static async Task SaveAsync(SidecarUnderTest sidecar, string key, string value, string? etag = null, bool firstWrite = false) =>
        await sidecar.Client.SaveStateAsync(new SaveStateRequest { StoreName = "statestore", States = { Item(key, value, etag, firstWrite) } });

    /// <summary>A state item as the SDK sends it: an ETag only when given, first-write concurrency only when asked.</summary>
    private static StateItem Item(string key, string value, string? etag, bool firstWrite)
    {
        var item = new StateItem { Key = key, Value = ByteString.CopyFromUtf8(value) };
        if (etag is not null)
        {
            item.Etag = new Etag { Value = etag };
        }

        if (firstWrite)
        {
            item.Options = new StateOptions { Concurrency = StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite };
        }

        return item;
    }

    private static async Task<string> SaveAndReadETagAsync(SidecarUnderTest sidecar, string key, string value)
    {
        await SaveAsync(sidecar, key, value);
        return (await sidecar.Client.GetStateAsync(new GetStateRequest { StoreName = "statestore", Key = key })).Etag;
    }

    internal static async Task<string?> ReadAsync(SidecarUnderTest sidecar, string key)
    {
        var response = await sidecar.Client.GetStateAsync(new GetStateRequest { StoreName = "statestore", Key = key });
        return response.Data.IsEmpty ? null : response.Data.ToStringUtf8();
    }

    private static TransactionalStateOperation Upsert(string key, string value, string? etag = null, bool firstWrite = false) =>
        new() { OperationType = "upsert", Request = Item(key, value, etag, firstWrite) };

    private static async Task TransactAsync(SidecarUnderTest sidecar, params TransactionalStateOperation[] operations) =>
        await sidecar.Client.ExecuteStateTransactionAsync(new ExecuteStateTransactionRequest { StoreName = "statestore", Operations = { operations } });

    private static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
