using System.Collections.Concurrent;
using System.Diagnostics;
using Checkout.Platform.Errors;
using Checkout.Platform.State;
using Checkout.Platform.Telemetry;

namespace Checkout.UnitTests.Platform;

public sealed class StateUpdatesTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public StateUpdatesTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CheckoutTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The spans this test's trace recorded (other tests run alongside, each in its own trace).</summary>
    private List<Activity> SpansOf(Activity parent) => [.. _stopped.Where(a => a.TraceId == parent.TraceId && a != parent)];

    [Fact]
    public async Task An_update_within_a_trace_is_one_span_named_by_what_it_writes_with_its_attempts()
    {
        var store = new LosingStore(losses: 1);
        using (var parent = CheckoutTelemetry.Source.StartActivity("request")!)
        {
            await store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([StateOperation.Upsert("order:ORD-1", "v"u8.ToArray(), ETags.Any), StateOperation.Upsert("outbox:1", "e"u8.ToArray(), ETags.Any)], 1)), "Order ORD-1", CancellationToken.None);
            parent.Stop();
            var span = Assert.Single(SpansOf(parent));
            Assert.Equal("state order", span.DisplayName);
            Assert.Equal(("order", 2, 2), ((string?)span.GetTagItem(CheckoutTelemetry.Tags.StateKeyPrefix), (int?)span.GetTagItem(CheckoutTelemetry.Tags.StateOperations), (int?)span.GetTagItem("checkout.state.attempts")));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        }
    }

    [Fact]
    public async Task A_key_without_a_colon_is_its_own_prefix_and_giving_up_marks_the_span_failed()
    {
        var store = new LosingStore(losses: int.MaxValue);
        using var parent = CheckoutTelemetry.Source.StartActivity("request")!;
        await Assert.ThrowsAsync<DomainException>(() => store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([StateOperation.Upsert("warehouses", "v"u8.ToArray(), ETags.Any)], 1)), "Warehouses", CancellationToken.None));
        parent.Stop();
        var span = Assert.Single(SpansOf(parent));
        Assert.Equal(("state warehouses", ActivityStatusCode.Error, "CONCURRENT_UPDATE"), (span.DisplayName, span.Status, span.StatusDescription));
        Assert.Equal(StateUpdates.MaxAttempts, (int?)span.GetTagItem("checkout.state.attempts"));
    }

    [Fact]
    public async Task An_update_outside_any_trace_starts_no_span_of_its_own()
    {
        // A background sweep's writes: no request, no trace. The prefix is this test's alone.
        Activity.Current = null;
        var prefix = $"sweep{Guid.NewGuid():N}";
        await new LosingStore(losses: 0).UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([StateOperation.Upsert($"{prefix}:1", "v"u8.ToArray(), ETags.Any)], 1)), "A sweep", CancellationToken.None);
        Assert.DoesNotContain(_stopped, a => a.GetTagItem(CheckoutTelemetry.Tags.StateKeyPrefix) as string == prefix || a.DisplayName == $"state {prefix}");
    }

    [Fact]
    public async Task A_change_that_keeps_losing_races_ends_after_fifty_tries_with_concurrent_update()
    {
        var store = new LosingStore(losses: int.MaxValue);

        var error = await Assert.ThrowsAsync<DomainException>(() => store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([StateOperation.Upsert("k", "v"u8.ToArray(), ETags.Any)], 1)), "The thing", CancellationToken.None));

        Assert.Equal((Google.Rpc.Code.Aborted, "CONCURRENT_UPDATE"), (error.Code, error.Reason));
        Assert.Equal("The thing changed 50 times while we tried to update it; try again.", error.Message);
        Assert.Equal(StateUpdates.MaxAttempts, store.Attempts);
    }

    [Fact]
    public async Task A_change_is_read_and_written_again_after_a_lost_race()
    {
        var store = new LosingStore(losses: 2);
        var reads = 0;

        var result = await store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([StateOperation.Upsert("k", "v"u8.ToArray(), ETags.Any)], ++reads)), "The thing", CancellationToken.None);

        Assert.Equal((3, 3), (result, store.Attempts));
    }

    [Fact]
    public async Task Nothing_to_write_writes_nothing()
    {
        var store = new LosingStore(losses: int.MaxValue);
        Assert.Equal(7, await store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([], 7)), "The thing", CancellationToken.None));
        Assert.Equal(0, store.Attempts);

        // Within a trace too: a span with nothing to name it by, and no write.
        using var parent = CheckoutTelemetry.Source.StartActivity("request")!;
        Assert.Equal(8, await store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([], 8)), "The thing", CancellationToken.None));
        Assert.Equal(0, store.Attempts);
    }

    /// <summary>Loses the first <paramref name="losses"/> transactions, as if another writer got there first each time.</summary>
    private sealed class LosingStore(int losses) : IStateStore
    {
        public int Attempts { get; private set; }

        public Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default) =>
            Task.FromResult(++Attempts > losses);

        public Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
