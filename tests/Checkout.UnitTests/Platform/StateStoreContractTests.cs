using Checkout.Platform.State;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Platform;

/// <summary>The same rules for every embedded adapter: ETags, create-only, TTL, all-or-nothing transactions.</summary>
public abstract class StateStoreContractTests : IDisposable
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero));

    protected abstract IStateStore Store { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task An_immutable_record_written_is_the_instance_every_read_returns_until_the_key_is_written_again()
    {
        var first = new Note("first");
        Assert.True(await Store.TrySaveJsonAsync("k", first, ETags.MustNotExist));

        var read = (await Store.GetJsonAsync<Note>("k"))!;
        Assert.Same(first, read.Value);
        Assert.Same(first, (await Store.GetJsonAsync<Note>("k"))!.Value);

        var second = new Note("second");
        Assert.True(await Store.TrySaveJsonAsync("k", second, read.ETag));
        Assert.Same(second, (await Store.GetJsonAsync<Note>("k"))!.Value);
    }

    [Fact]
    public async Task A_record_that_can_change_is_decoded_anew_for_every_read()
    {
        Assert.True(await Store.TrySaveJsonAsync("k", new EditableNote { Text = "first" }, ETags.MustNotExist));

        var read = (await Store.GetJsonAsync<EditableNote>("k"))!.Value;
        read.Text = "changed by a reader";

        Assert.Equal("first", (await Store.GetJsonAsync<EditableNote>("k"))!.Value.Text);
    }

    [Fact]
    public async Task Bytes_stored_without_their_record_are_decoded_once_and_then_shared()
    {
        Assert.True(await Store.TrySaveAsync("k", Bytes("""{"text":"raw"}"""), ETags.MustNotExist));

        var first = (await Store.GetJsonAsync<Note>("k"))!.Value;

        Assert.Equal("raw", first.Text);
        Assert.Same(first, (await Store.GetJsonAsync<Note>("k"))!.Value);
    }

    [Fact]
    public async Task A_message_written_reads_back_as_its_stored_json_decodes_as_a_copy_of_its_own_every_time()
    {
        var written = ProtoSample();
        var bytes = ProtoStateExtensions.SerializeProto(written);
        Assert.True(await Store.TrySaveAsync("k", bytes, ETags.MustNotExist));
        written.Notes = "changed by the writer after its write";

        var stored = (await Store.GetAsync("k"))!;
        Assert.True(DecodedValues.TryGetMessage<Contracts.Order.V1.Order>(stored.Value, out _), "the write keeps what it wrote");
        var json = System.Text.Encoding.UTF8.GetString(stored.Value.Span);
        Assert.DoesNotContain("\"notes\"", json, StringComparison.Ordinal);
        var decoded = Google.Protobuf.JsonParser.Default.Parse<Contracts.Order.V1.Order>(json);
        var first = (await Store.GetProtoAsync<Contracts.Order.V1.Order>("k"))!.Value;
        Assert.Equal(decoded, first);
        Assert.Equal(0, first.Loyalty.NewBalance);
        Assert.True(first.Loyalty.HasNewBalance);

        first.Status = Contracts.Order.V1.OrderStatus.Cancelled;
        first.Items[0].Quantity = 99;
        var second = (await Store.GetProtoAsync<Contracts.Order.V1.Order>("k"))!.Value;
        Assert.Equal(decoded, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task A_read_of_bytes_with_a_kept_message_is_a_copy_of_that_message_not_a_parse()
    {
        Assert.True(await Store.TrySaveAsync("k", System.Text.Encoding.UTF8.GetBytes("""{"orderId":"ORD-1"}"""), ETags.MustNotExist));
        var stored = (await Store.GetAsync("k"))!;

        // Kept differing from the JSON only to tell which one the read returned.
        DecodedValues.KeepMessage(stored.Value, new Contracts.Order.V1.Order { OrderId = "ORD-1", Notes = "kept" });

        Assert.Equal("kept", (await Store.GetProtoAsync<Contracts.Order.V1.Order>("k"))!.Value.Notes);
        Assert.Equal(["kept"], (await Store.GetManyProtoAsync<Contracts.Order.V1.Order>(["k"])).Select(o => o.Notes));
    }

    [Fact]
    public async Task A_message_from_a_newer_caller_reads_back_without_the_fields_its_json_left_out()
    {
        var known = ProtoSample();
        var withUnknownField = Google.Protobuf.ByteString.CopyFrom([.. Google.Protobuf.MessageExtensions.ToByteArray(known), 0xB8, 0x3E, 0x07]);
        var fromNewerCaller = Contracts.Order.V1.Order.Parser.ParseFrom(withUnknownField);
        Assert.NotEqual(known, fromNewerCaller);

        Assert.True(await Store.TrySaveAsync("k", ProtoStateExtensions.SerializeProto(fromNewerCaller), ETags.MustNotExist));

        Assert.Equal(known, (await Store.GetProtoAsync<Contracts.Order.V1.Order>("k"))!.Value);
    }

    [Fact]
    public async Task Bytes_stored_without_their_message_are_parsed_once_and_then_copied()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("""{"orderId":"ORD-1","status":"ORDER_STATUS_CONFIRMED"}""");
        Assert.True(await Store.TrySaveAsync("k", bytes, ETags.MustNotExist));

        var first = (await Store.GetProtoAsync<Contracts.Order.V1.Order>("k"))!.Value;
        first.OrderId = "changed by a reader";

        var stored = (await Store.GetAsync("k"))!;
        Assert.True(DecodedValues.TryGetMessage<Contracts.Order.V1.Order>(stored.Value, out var kept));
        Assert.Equal("ORD-1", kept.OrderId);
        Assert.Equal(new Contracts.Order.V1.Order { OrderId = "ORD-1", Status = Contracts.Order.V1.OrderStatus.Confirmed }, (await Store.GetProtoAsync<Contracts.Order.V1.Order>("k"))!.Value);
    }

    /// <summary>An order with nested messages, a repeated field, a timestamp and an optional field present at its default.</summary>
    private static Contracts.Order.V1.Order ProtoSample()
    {
        var order = new Contracts.Order.V1.Order
        {
            OrderId = "ORD-1",
            Status = Contracts.Order.V1.OrderStatus.Confirmed,
            CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero)),
            Loyalty = new Contracts.Order.V1.OrderLoyalty { PointsEarned = 250, NewBalance = 0 },
            Pricing = new Contracts.Order.V1.OrderPricing { Total = Checkout.Platform.Money.MoneyExtensions.Cents(24999) },
        };
        order.Items.Add(new Contracts.Order.V1.OrderItem { Sku = "SKU-ABC-001", Quantity = 2 });
        return order;
    }

    [Fact]
    public async Task Create_only_succeeds_once()
    {
        Assert.True(await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist));
        Assert.False(await Store.TrySaveAsync("k", Bytes("b"), ETags.MustNotExist));
        Assert.Equal("a", System.Text.Encoding.UTF8.GetString((await Store.GetAsync("k"))!.Value.Span));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_changes_nothing()
    {
        await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist);
        var first = (await Store.GetAsync("k"))!;
        Assert.True(await Store.TrySaveAsync("k", Bytes("b"), first.ETag));

        Assert.False(await Store.TrySaveAsync("k", Bytes("c"), first.ETag));
        var current = (await Store.GetAsync("k"))!;
        Assert.Equal("b", System.Text.Encoding.UTF8.GetString(current.Value.Span));
        Assert.NotEqual(first.ETag, current.ETag);
    }

    [Fact]
    public async Task Any_overwrites_whatever_is_stored()
    {
        await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist);
        Assert.True(await Store.TrySaveAsync("k", Bytes("b"), ETags.Any));
        Assert.Equal("b", System.Text.Encoding.UTF8.GetString((await Store.GetAsync("k"))!.Value.Span));
    }

    [Fact]
    public async Task Delete_honours_the_etag()
    {
        await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist);
        Assert.False(await Store.TryDeleteAsync("k", "not-the-etag"));
        Assert.True(await Store.TryDeleteAsync("k", (await Store.GetAsync("k"))!.ETag));
        Assert.Null(await Store.GetAsync("k"));
    }

    [Fact]
    public async Task An_entry_is_gone_once_its_time_to_live_has_passed()
    {
        await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist, TimeSpan.FromMinutes(15));
        Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.NotNull(await Store.GetAsync("k"));

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await Store.GetAsync("k"));
        Assert.True(await Store.TrySaveAsync("k", Bytes("again"), ETags.MustNotExist));
    }

    [Fact]
    public async Task An_entry_ends_at_its_time_to_live_to_the_tick()
    {
        await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist, TimeSpan.FromMinutes(15));
        Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(await Store.GetAsync("k"));
    }

    [Fact]
    public async Task Every_write_gives_a_new_etag()
    {
        var etags = new HashSet<string>();
        await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist);
        for (var i = 0; i < 5; i++)
        {
            var stored = (await Store.GetAsync("k"))!;
            Assert.True(etags.Add(stored.ETag));
            Assert.True(await Store.TrySaveAsync("k", Bytes($"v{i}"), stored.ETag));
        }
    }

    [Fact]
    public async Task A_transaction_with_one_failed_condition_writes_nothing()
    {
        await Store.TrySaveAsync("a", Bytes("1"), ETags.MustNotExist);

        var applied = await Store.TryTransactAsync(
        [
            StateOperation.Upsert("b", Bytes("2"), ETags.MustNotExist),
            StateOperation.Upsert("a", Bytes("changed"), ETags.MustNotExist),
        ]);

        Assert.False(applied);
        Assert.Null(await Store.GetAsync("b"));
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString((await Store.GetAsync("a"))!.Value.Span));
    }

    [Fact]
    public async Task Many_keys_come_back_in_the_order_asked_without_the_missing_ones()
    {
        foreach (var key in new[] { "c", "a", "b" })
        {
            await Store.TrySaveAsync(key, Bytes(key), ETags.MustNotExist);
        }

        Assert.Equal(["b", "c", "a"], (await Store.GetManyAsync(["b", "x", "c", "a"])).Select(i => i.Key));
        Assert.Equal(["a", "b"], (await Store.GetManyAsync(["a", "x", "b"])).Select(i => i.Key));
        Assert.Empty(await Store.GetManyAsync([]));
    }

    [Fact]
    public async Task A_key_read_as_absent_can_then_be_created_once()
    {
        Assert.Null(await Store.GetAsync("k"));
        Assert.Empty(await Store.GetManyAsync(["k"]));

        Assert.True(await Store.TrySaveAsync("k", Bytes("a"), ETags.MustNotExist));
        Assert.False(await Store.TrySaveAsync("k", Bytes("b"), ETags.MustNotExist));
        Assert.Equal("a", System.Text.Encoding.UTF8.GetString((await Store.GetAsync("k"))!.Value.Span));
    }

    [Fact]
    public async Task A_transaction_applies_every_operation()
    {
        await Store.TrySaveAsync("a", Bytes("1"), ETags.MustNotExist);
        var a = (await Store.GetAsync("a"))!;

        Assert.True(await Store.TryTransactAsync([StateOperation.Delete("a", a.ETag), StateOperation.Upsert("b", Bytes("2"), ETags.MustNotExist)]));

        Assert.Null(await Store.GetAsync("a"));
        Assert.Equal(["b"], (await Store.GetManyAsync(["a", "b", "c"])).Select(i => i.Key));
    }
}

public sealed class InMemoryStateStoreTests : StateStoreContractTests
{
    public InMemoryStateStoreTests() => Store = new InMemoryStateStore(Clock);

    protected override IStateStore Store { get; }
}

public sealed class SqliteStateStoreTests : StateStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("checkout-state-").FullName;
    private readonly SqliteStateStore _store;

    public SqliteStateStoreTests() => _store = new SqliteStateStore(Path.Combine(_directory, "test.db"), Clock);

    protected override IStateStore Store => _store;

    [Fact]
    public async Task A_store_in_a_folder_not_made_yet_makes_it()
    {
        using var nested = new SqliteStateStore(Path.Combine(_directory, "not", "yet", "there.db"), Clock);
        Assert.True(await nested.TrySaveAsync("k", "v"u8.ToArray(), ETags.MustNotExist));
    }

    [Fact]
    public async Task State_survives_reopening_the_file()
    {
        var path = Path.Combine(_directory, "durable.db");
        using (var first = new SqliteStateStore(path, Clock))
        {
            await first.TrySaveAsync("k", "durable"u8.ToArray(), ETags.MustNotExist);
        }

        using var reopened = new SqliteStateStore(path, Clock);

        Assert.Equal("durable", System.Text.Encoding.UTF8.GetString((await reopened.GetAsync("k"))!.Value.Span));
    }

    [Fact]
    public async Task A_tag_given_before_the_file_was_reopened_is_never_given_again_nor_taken()
    {
        var path = Path.Combine(_directory, "tags.db");
        var before = new List<string>();
        using (var first = new SqliteStateStore(path, Clock))
        {
            await first.TrySaveAsync("k", "v0"u8.ToArray(), ETags.MustNotExist);
            before.Add((await first.GetAsync("k"))!.ETag);
            await first.TrySaveAsync("k", "v1"u8.ToArray(), before[0]);
            before.Add((await first.GetAsync("k"))!.ETag);
        }

        using var reopened = new SqliteStateStore(path, Clock);
        await reopened.TrySaveAsync("k", "v2"u8.ToArray(), before[1]);
        await reopened.TrySaveAsync("other", "v"u8.ToArray(), ETags.MustNotExist);
        var after = new[] { (await reopened.GetAsync("k"))!.ETag, (await reopened.GetAsync("other"))!.ETag };

        Assert.Empty(after.Intersect(before));
        Assert.False(await reopened.TrySaveAsync("k", "stale"u8.ToArray(), before[0]));
        Assert.Equal("v2", System.Text.Encoding.UTF8.GetString((await reopened.GetAsync("k"))!.Value.Span));
    }

    [Fact]
    public async Task A_key_the_file_never_held_is_answered_absent_without_the_database_and_a_key_it_held_at_start_from_it()
    {
        var path = Path.Combine(_directory, "filtered.db");
        using (var first = new SqliteStateStore(path, Clock))
        {
            Assert.True(await first.TrySaveAsync("held", "v"u8.ToArray(), ETags.MustNotExist));
            Assert.True(await first.TrySaveAsync("held-too", "w"u8.ToArray(), ETags.MustNotExist));
        }

        using var reads = new CountedReads();
        using var reopened = new SqliteStateStore(path, Clock, metrics: reads.Metrics);

        Assert.Null(await reopened.GetAsync("never"));
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString((await reopened.GetAsync("held"))!.Value.Span));
        Assert.NotNull(await reopened.GetAsync("held"));
        Assert.Equal(["held-too"], (await reopened.GetManyAsync(["never-either", "held-too"])).Select(i => i.Key));
        Assert.Equal(["held", "held-too"], (await reopened.GetManyAsync(["held", "held-too"])).Select(i => i.Key));
        Assert.Equal(["key_filter", "database", "memory", "key_filter", "database", "memory", "memory"], reads.AnsweredFrom);

        // The writer asks the filter too: a key held at start is there, so a create-only write of it is refused.
        Assert.False(await reopened.TrySaveAsync("held", "overwritten"u8.ToArray(), ETags.MustNotExist));
        Assert.True(await reopened.TrySaveAsync("never", "new"u8.ToArray(), ETags.MustNotExist));
    }

    [Fact]
    public async Task A_deleted_key_stays_in_the_filter_so_its_first_read_asks_the_database_and_the_next_remembers_it_absent()
    {
        using var reads = new CountedReads();
        using var store = new SqliteStateStore(Path.Combine(_directory, "deleted.db"), Clock, metrics: reads.Metrics);
        foreach (var key in new[] { "gone", "gone-too" })
        {
            Assert.True(await store.TrySaveAsync(key, "v"u8.ToArray(), ETags.MustNotExist));
            Assert.True(await store.TryDeleteAsync(key, ETags.Any));
        }

        Assert.Null(await store.GetAsync("gone"));
        Assert.Null(await store.GetAsync("gone"));
        Assert.Empty(await store.GetManyAsync(["gone-too"]));
        Assert.Empty(await store.GetManyAsync(["gone-too"]));

        Assert.Equal(["database", "memory", "database", "memory"], reads.AnsweredFrom);
    }

    [Fact]
    public async Task A_write_whose_caller_has_already_given_up_is_refused_before_it_is_queued()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.TrySaveAsync("k", "v"u8.ToArray(), ETags.MustNotExist, cancellationToken: cancelled.Token));

        Assert.Null(await _store.GetAsync("k"));
    }

    [Fact]
    public async Task At_most_64_queued_writes_share_a_commit_and_a_writer_released_with_none_queued_commits_nothing()
    {
        var app = $"state-commits-{Guid.NewGuid():N}";
        long commits = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "checkout.state.commits" && instrument.Meter.Tags?.Any(t => Equals(t.Value, app)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref commits, value));
        listener.Start();
        using var store = new SqliteStateStore(Path.Combine(_directory, "batches.db"), Clock, metrics: new StateMetrics(TestMeters.For(app)));

        using (store.HoldWriter())
        {
        }

        Assert.Equal(0, Interlocked.Read(ref commits));

        Task<bool>[] writes;
        using (store.HoldWriter())
        {
            writes = [.. Enumerable.Range(0, 65).Select(i => store.TrySaveAsync($"k{i}", "v"u8.ToArray(), ETags.MustNotExist))];
        }

        Assert.All(await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
        Assert.Equal(2, Interlocked.Read(ref commits));
    }

    [Fact]
    public async Task A_key_written_is_read_from_the_database_once_its_value_is_no_longer_kept_in_memory()
    {
        using var forgetful = new SqliteStateStore(Path.Combine(_directory, "forgetful.db"), Clock, cacheBudgetBytes: 1);
        Assert.True(await forgetful.TrySaveAsync("written", "v"u8.ToArray(), ETags.MustNotExist));

        Assert.Equal("v", System.Text.Encoding.UTF8.GetString((await forgetful.GetAsync("written"))!.Value.Span));
        Assert.Equal(["written"], (await forgetful.GetManyAsync(["written"])).Select(i => i.Key));
        Assert.False(await forgetful.TrySaveAsync("written", "again"u8.ToArray(), ETags.MustNotExist));
    }

    [Fact]
    public async Task Writes_queued_behind_a_busy_writer_share_one_commit_and_each_gets_its_own_answer()
    {
        await _store.TrySaveAsync("b", "1"u8.ToArray(), ETags.MustNotExist);
        var b = (await _store.GetAsync("b"))!;
        await _store.TrySaveAsync("b", "2"u8.ToArray(), b.ETag);

        Task<bool> created, createdAgain, stale, deletedAndCreated;
        using (_store.HoldWriter())
        {
            created = _store.TrySaveAsync("a", "first"u8.ToArray(), ETags.MustNotExist);
            createdAgain = _store.TrySaveAsync("a", "second"u8.ToArray(), ETags.MustNotExist);
            stale = _store.TrySaveAsync("b", "3"u8.ToArray(), b.ETag);
            deletedAndCreated = _store.TryTransactAsync([StateOperation.Delete("a", ETags.Any), StateOperation.Upsert("c", "c"u8.ToArray(), ETags.MustNotExist)]);
            Assert.False(created.IsCompleted, "a write answers only once it committed");
        }

        var answers = await Task.WhenAll(created, createdAgain, stale, deletedAndCreated).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([true, false, false, true], answers);
        Assert.Null(await _store.GetAsync("a"));
        Assert.Equal("2", System.Text.Encoding.UTF8.GetString((await _store.GetAsync("b"))!.Value.Span));
        Assert.Equal("c", System.Text.Encoding.UTF8.GetString((await _store.GetAsync("c"))!.Value.Span));
    }

    [Fact]
    public async Task The_store_counts_its_commits_and_the_writes_they_held_by_outcome()
    {
        var app = $"state-metrics-{Guid.NewGuid():N}";
        var counted = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, long Value, string? Outcome)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this test's store: other tests' stores count on meters of their own apps.
                if (instrument.Name.StartsWith("checkout.state.", StringComparison.Ordinal) && instrument.Meter.Tags?.Any(t => Equals(t.Value, app)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => counted.Enqueue((instrument.Name, value, tags.ToArray().SingleOrDefault(t => t.Key == "outcome").Value as string)));
        listener.Start();
        using var store = new SqliteStateStore(Path.Combine(_directory, "counted.db"), Clock, metrics: new StateMetrics(TestMeters.For(app)));

        Task<bool>[] writes;
        using (store.HoldWriter())
        {
            writes =
            [
                store.TrySaveAsync("a", "1"u8.ToArray(), ETags.MustNotExist),
                store.TrySaveAsync("a", "2"u8.ToArray(), ETags.MustNotExist),
                store.TrySaveAsync("b", "1"u8.ToArray(), ETags.MustNotExist),
            ];
        }

        var answers = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([true, false, true], answers);
        Assert.True(await store.TrySaveAsync("c", "1"u8.ToArray(), ETags.MustNotExist));

        Assert.Equal(
            [("checkout.state.commits", 1L, (string?)null), ("checkout.state.writes", 2L, "committed"), ("checkout.state.writes", 1L, "conflict"), ("checkout.state.commits", 1L, null), ("checkout.state.writes", 1L, "committed")],
            counted);
    }

    [Fact]
    public async Task Of_racing_writes_of_one_key_under_the_same_etag_in_one_commit_exactly_one_wins()
    {
        await _store.TrySaveAsync("k", "start"u8.ToArray(), ETags.MustNotExist);
        var read = (await _store.GetAsync("k"))!;

        Task<bool>[] racing;
        using (_store.HoldWriter())
        {
            racing = [.. Enumerable.Range(0, 16).Select(i => _store.TrySaveAsync("k", System.Text.Encoding.UTF8.GetBytes($"writer {i}"), read.ETag))];
        }

        var won = await Task.WhenAll(racing).WaitAsync(TimeSpan.FromSeconds(30));
        var winner = Assert.Single(Enumerable.Range(0, 16), i => won[i]);
        Assert.Equal($"writer {winner}", System.Text.Encoding.UTF8.GetString((await _store.GetAsync("k"))!.Value.Span));
    }

    [Fact]
    public async Task Every_write_queued_behind_a_busy_writer_commits_and_survives_reopening_however_many_wait()
    {
        var path = Path.Combine(_directory, "queued.db");
        var first = new SqliteStateStore(path, Clock);
        Task<bool>[] writes;
        // More than one commit takes: the rest is committed after it, without another caller.
        using (first.HoldWriter())
        {
            writes = [.. Enumerable.Range(0, 150).Select(i => first.TrySaveAsync($"k{i}", System.Text.Encoding.UTF8.GetBytes($"v{i}"), ETags.MustNotExist))];
        }

        Assert.All(await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
        first.Dispose();

        using var reopened = new SqliteStateStore(path, Clock);
        var items = await reopened.GetManyAsync([.. Enumerable.Range(0, 150).Select(i => $"k{i}")]);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"v{i}"), items.Select(item => System.Text.Encoding.UTF8.GetString(item.Value.Span)));
    }

    [Fact]
    public async Task Writes_from_many_callers_at_once_all_commit_none_left_waiting()
    {
        // Each caller finds the writer busy or free at the moment another releases it: a write
        // that queues just as the writer leaves must still be committed by someone.
        const int Callers = 8, WritesEach = 150;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(async caller =>
        {
            await start.Task;
            for (var i = 0; i < WritesEach; i++)
            {
                Assert.True(await _store.TrySaveAsync($"c{caller}-{i}", "v"u8.ToArray(), ETags.MustNotExist));
            }
        }).ToList();
        start.SetResult();

        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Callers * WritesEach, (await _store.GetManyAsync([.. Enumerable.Range(0, Callers).SelectMany(c => Enumerable.Range(0, WritesEach).Select(i => $"c{c}-{i}"))])).Count);
    }

    [Fact]
    public async Task A_write_without_a_key_fails_alone_and_the_writes_around_it_commit()
    {
        Task<bool> before, after;
        using (_store.HoldWriter())
        {
            before = _store.TrySaveAsync("before", "v"u8.ToArray(), ETags.MustNotExist);
            // Refused as it is asked, before it joins the queue.
            Assert.Throws<ArgumentNullException>(() => { _ = _store.TryTransactAsync([StateOperation.Upsert("fine", "v"u8.ToArray(), ETags.Any), StateOperation.Upsert(null!, "v"u8.ToArray(), ETags.Any)]); });
            after = _store.TrySaveAsync("after", "v"u8.ToArray(), ETags.MustNotExist);
        }

        var answers = await Task.WhenAll(before, after).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([true, true], answers);
        Assert.Equal(["after", "before"], (await _store.GetManyAsync(["after", "before", "fine"])).Select(item => item.Key));
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_is_refused_while_the_first_is_open()
    {
        await _store.TrySaveAsync("k", "v"u8.ToArray(), ETags.MustNotExist);

        var refused = Assert.Throws<InvalidOperationException>(() => new SqliteStateStore(Path.Combine(_directory, "test.db"), Clock));

        Assert.Contains("one process owns one state file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_kept_in_memory_expires_on_time()
    {
        await _store.TrySaveAsync("k", "v"u8.ToArray(), ETags.MustNotExist, TimeSpan.FromSeconds(10));
        Assert.NotNull(await _store.GetAsync("k"));

        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(await _store.GetAsync("k"));
        Assert.Empty(await _store.GetManyAsync(["k"]));
        Assert.True(await _store.TrySaveAsync("k", "again"u8.ToArray(), ETags.MustNotExist));
    }

    [Fact]
    public async Task What_a_store_read_from_the_file_it_then_answers_from_memory_until_it_writes_the_key()
    {
        var path = Path.Combine(_directory, "kept.db");
        using (var writer = new SqliteStateStore(path, Clock))
        {
            Assert.True(await writer.TrySaveAsync("one", "1"u8.ToArray(), ETags.MustNotExist));
            Assert.True(await writer.TrySaveAsync("many", "m"u8.ToArray(), ETags.MustNotExist));
        }

        using var store = new SqliteStateStore(path, Clock);
        var one = (await store.GetAsync("one"))!;
        Assert.Null(await store.GetAsync("none"));
        Assert.Equal(["many"], (await store.GetManyAsync(["many", "missing"])).Select(i => i.Key));

        // Changed behind the store's back (which a running service never allows): memory answers.
        ChangeBehindTheStore(path, "UPDATE state SET value = x'FF'; INSERT INTO state (key, value, etag) VALUES ('none', x'00', 'X'), ('missing', x'00', 'X')");

        Assert.Equal("1", System.Text.Encoding.UTF8.GetString((await store.GetAsync("one"))!.Value.Span));
        Assert.Equal("m", System.Text.Encoding.UTF8.GetString((await store.GetAsync("many"))!.Value.Span));
        Assert.Null(await store.GetAsync("none"));
        Assert.Empty(await store.GetManyAsync(["missing", "none"]));
        Assert.False(await store.TrySaveAsync("none", "n"u8.ToArray(), "X"));
        Assert.True(await store.TrySaveAsync("one", "2"u8.ToArray(), one.ETag));
        Assert.Equal("2", System.Text.Encoding.UTF8.GetString((await store.GetAsync("one"))!.Value.Span));
    }

    [Fact]
    public async Task A_value_read_from_the_file_expires_from_memory_when_it_expires_in_the_file()
    {
        var path = Path.Combine(_directory, "ttl.db");
        using (var writer = new SqliteStateStore(path, Clock))
        {
            Assert.True(await writer.TrySaveAsync("one", "1"u8.ToArray(), ETags.MustNotExist, TimeSpan.FromSeconds(10)));
            Assert.True(await writer.TrySaveAsync("many", "m"u8.ToArray(), ETags.MustNotExist, TimeSpan.FromSeconds(10)));
        }

        using var store = new SqliteStateStore(path, Clock);
        Assert.NotNull(await store.GetAsync("one"));
        Assert.Single(await store.GetManyAsync(["many"]));

        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(await store.GetAsync("one"));
        Assert.Empty(await store.GetManyAsync(["many"]));
    }

    private static void ChangeBehindTheStore(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task With_no_memory_to_keep_values_in_the_store_reads_the_file()
    {
        using var small = new SqliteStateStore(Path.Combine(_directory, "small.db"), Clock, cacheBudgetBytes: 0);
        Assert.True(await small.TrySaveAsync("k", "1"u8.ToArray(), ETags.MustNotExist));
        var first = (await small.GetAsync("k"))!;
        Assert.True(await small.TrySaveAsync("k", "2"u8.ToArray(), first.ETag));

        Assert.False(await small.TrySaveAsync("k", "3"u8.ToArray(), first.ETag));
        Assert.Equal("2", System.Text.Encoding.UTF8.GetString((await small.GetAsync("k"))!.Value.Span));
        Assert.True(await small.TrySaveAsync("a", "a"u8.ToArray(), ETags.MustNotExist));
        Assert.Equal(["k", "a"], (await small.GetManyAsync(["k", "x", "a"])).Select(i => i.Key));
    }

    [Fact]
    public async Task A_new_file_keeps_its_rows_in_a_rowid_table()
    {
        var path = Path.Combine(_directory, "new.db");
        using (var store = new SqliteStateStore(path, Clock))
        {
            Assert.True(await store.TrySaveAsync("k", new byte[1200], ETags.MustNotExist));
        }

        Assert.False(IsWithoutRowid(path));
        Assert.Equal(1L, Query(path, "SELECT count(rowid) FROM state"));

        // WAL, kept in the file: what makes a commit durable across a crash of the process with synchronous=NORMAL.
        Assert.Equal("wal", Query(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Opening_a_file_of_the_current_table_copies_nothing()
    {
        var path = Path.Combine(_directory, "current.db");
        using (var store = new SqliteStateStore(path, Clock))
        {
            Assert.True(await store.TrySaveAsync("k", "v"u8.ToArray(), ETags.MustNotExist));
        }

        var table = Query(path, RootPage);
        using (new SqliteStateStore(path, Clock))
        {
        }

        // A copy would put the table on other pages and leave the old ones free.
        Assert.Equal(table, Query(path, RootPage));
        Assert.Equal(0L, Query(path, "PRAGMA freelist_count"));
    }

    [Fact]
    public async Task A_file_made_with_the_former_WITHOUT_ROWID_table_is_upgraded_once_with_its_rows_and_ETags()
    {
        var path = Path.Combine(_directory, "former.db");
        ChangeBehindTheStore(path, """
            CREATE TABLE state (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL, etag TEXT NOT NULL, expires_at INTEGER NULL) WITHOUT ROWID;
            INSERT INTO state (key, value, etag, expires_at) VALUES ('cart:1', x'7B7D', 'E1', NULL), ('hold:1', x'01', 'E2', NULL), ('ttl:1', x'03', 'E3', 4102444800000);
            """);
        Assert.True(IsWithoutRowid(path));

        using (var store = new SqliteStateStore(path, Clock))
        {
            Assert.Equal("{}", System.Text.Encoding.UTF8.GetString((await store.GetAsync("cart:1"))!.Value.Span));
            Assert.True(await store.TrySaveAsync("hold:1", "2"u8.ToArray(), "E2"));
        }

        Assert.False(IsWithoutRowid(path));
        using var reopened = new SqliteStateStore(path, Clock);
        Assert.Equal(["cart:1", "hold:1", "ttl:1"], (await reopened.GetManyAsync(["cart:1", "hold:1", "ttl:1"])).Select(i => i.Key));
        Assert.Equal("E1", (await reopened.GetAsync("cart:1"))!.ETag);
        Assert.Equal(4102444800000L, Query(path, "SELECT expires_at FROM state WHERE key = 'ttl:1'"));
    }

    private const string RootPage = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'state'";

    private static bool IsWithoutRowid(string path) =>
        ((string)Query(path, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'state'")!).Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);

    private static object? Query(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public override void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        base.Dispose();
    }
}

/// <summary>What answered each read of one store, from its <c>checkout.state.reads</c> counter.</summary>
internal sealed class CountedReads : IDisposable
{
    private readonly string _app = $"state-reads-{Guid.NewGuid():N}";
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _answeredFrom = new();
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();

    public CountedReads()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this store's meter: other tests' stores count on meters of their own apps.
            if (instrument.Name == "checkout.state.reads" && instrument.Meter.Tags?.Any(t => Equals(t.Value, _app)) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) => _answeredFrom.Enqueue((string)tags.ToArray().Single(t => t.Key == "answered_from").Value!));
        _listener.Start();
        Metrics = new StateMetrics(TestMeters.For(_app));
    }

    public StateMetrics Metrics { get; }

    public IReadOnlyList<string> AnsweredFrom => [.. _answeredFrom];

    public void Dispose() => _listener.Dispose();
}

/// <summary>A record no reader can change: reads may share one decoded instance.</summary>
public sealed record Note(string Text) : IImmutableState;

/// <summary>A record a reader can change: each read decodes its own.</summary>
public sealed class EditableNote
{
    public string Text { get; set; } = string.Empty;
}
