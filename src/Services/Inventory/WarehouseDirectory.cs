using Checkout.Platform.State;

namespace Checkout.Inventory;

/// <summary>
/// The warehouses stock can ship from. The list is seeded and no call changes it, so it is
/// read from the state store once and then served from memory: every availability query
/// needs it, and reading it each time was one more state round trip per query.
/// </summary>
public sealed class WarehouseDirectory(IStateStore store)
{
    private IReadOnlyList<WarehouseRecord>? _warehouses;

    public async ValueTask<IReadOnlyList<WarehouseRecord>> AllAsync(CancellationToken cancellationToken)
    {
        if (_warehouses is { } known)
        {
            return known;
        }

        var stored = (await store.GetJsonAsync<WarehouseList>(WarehouseList.Key, cancellationToken))?.Value.Warehouses;
        if (stored is null)
        {
            // Not seeded yet: answer empty, and look again next time.
            return [];
        }

        return _warehouses = stored;
    }
}
