using Checkout.Platform.Errors;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Platform;

public sealed class StateUpdatesTests
{
    [Fact]
    public async Task A_change_that_keeps_losing_races_ends_after_twenty_tries_with_concurrent_update()
    {
        var store = new LosingStore(losses: int.MaxValue);

        var error = await Assert.ThrowsAsync<DomainException>(() => store.UpdateAsync(_ => Task.FromResult<(IReadOnlyList<StateOperation>, int)>(([StateOperation.Upsert("k", "v"u8.ToArray(), ETags.Any)], 1)), "The thing", CancellationToken.None));

        Assert.Equal((Google.Rpc.Code.Aborted, "CONCURRENT_UPDATE"), (error.Code, error.Reason));
        Assert.Equal("The thing changed 20 times while we tried to update it; try again.", error.Message);
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
