using Checkout.Inventory;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Inventory;

public sealed class ReservationStoreTests
{
    private static readonly ReservedLine Line = new("SKU-1", "US-WEST-01", 2);

    [Fact]
    public async Task A_confirmation_that_reads_the_stock_after_another_one_took_the_hold_is_done_not_expired()
    {
        var inner = new InMemoryStateStore();
        await inner.TrySaveJsonAsync(StockRecord.Key("US-WEST-01", "SKU-1"), new StockRecord("SKU-1", "US-WEST-01", 2, []), ETags.MustNotExist);
        await new ReservationStore(inner, TimeProvider.System, TestMeters.For("inventory")).ReserveAsync("R-1", [Line], CancellationToken.None);

        // The last two units. The first confirmation reads the reservation (held), then waits before it reads the
        // stock; the second runs whole in between and takes the hold.
        var paused = new PauseAfterReservationRead(inner);
        var first = new ReservationStore(paused, TimeProvider.System, TestMeters.For("inventory")).ConfirmAsync("R-1", CancellationToken.None);
        await paused.Reached;
        await new ReservationStore(inner, TimeProvider.System, TestMeters.For("inventory")).ConfirmAsync("R-1", CancellationToken.None);
        paused.Release();

        await first;
        var stock = (await inner.GetJsonAsync<StockRecord>(StockRecord.Key("US-WEST-01", "SKU-1")))!.Value;
        Assert.Equal((0, 0), (stock.OnHand, stock.Holds.Count));
        Assert.Equal(ReservationStatus.Confirmed, (await inner.GetJsonAsync<Reservation>(Reservation.Key("R-1")))!.Value.Status);
    }

    /// <summary>Lets the first read of a reservation through, then holds its reader until released.</summary>
    private sealed class PauseAfterReservationRead(IStateStore inner) : IStateStore
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public Task Reached => _reached.Task;

        public void Release() => _release.SetResult();

        public async Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            var item = await inner.GetAsync(key, cancellationToken);
            if (key == Reservation.Key("R-1") && Interlocked.Increment(ref _reads) == 1)
            {
                _reached.SetResult();
                await _release.Task;
            }

            return item;
        }

        public Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) => inner.GetManyAsync(keys, cancellationToken);

        public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) => inner.TrySaveAsync(key, value, etag, timeToLive, cancellationToken);

        public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) => inner.TryDeleteAsync(key, etag, cancellationToken);

        public Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default) => inner.TryTransactAsync(operations, cancellationToken);
    }
}
