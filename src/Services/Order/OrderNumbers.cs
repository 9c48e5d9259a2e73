using Checkout.Platform.State;

namespace Checkout.Order;

/// <summary>
/// Hands out order numbers from blocks reserved in the store: one write of
/// <c>order-seq:{year}</c> per <see cref="BlockSize"/> orders instead of one per order, so
/// concurrent orders do not all contend for one key. Each block is reserved under the
/// counter's ETag, so numbers are unique across instances and restarts; a block a restart
/// leaves unused is a gap, and with several instances numbers interleave rather than
/// follow the order of creation exactly.
/// </summary>
public sealed class OrderNumbers(IStateStore store) : IDisposable
{
    public const int BlockSize = 100;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Block? _block;

    private sealed record Block(int Year, long Next, long Last);

    public async Task<long> NextAsync(int year, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var block = _block is { } current && current.Year == year && current.Next <= current.Last
                ? current
                : await ReserveAsync(year, cancellationToken);
            _block = block with { Next = block.Next + 1 };
            return block.Next;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Block> ReserveAsync(int year, CancellationToken cancellationToken)
    {
        var last = await store.UpdateAsync<long>(async ct =>
        {
            var stored = await store.GetJsonAsync<OrderSequence>(OrderKeys.Sequence(year), ct);
            var reserved = (stored?.Value.Last ?? 0) + BlockSize;
            IReadOnlyList<StateOperation> writes = [StateOperation.Upsert(OrderKeys.Sequence(year), JsonStateExtensions.Serialize(new OrderSequence(reserved)), stored?.ETag ?? ETags.MustNotExist)];
            return (writes, reserved);
        }, $"The order numbers of {year}", cancellationToken);
        return new Block(year, last - BlockSize + 1, last);
    }
}
