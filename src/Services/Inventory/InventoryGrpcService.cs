using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Inventory;

/// <summary>
/// Inventory's gRPC surface. Reservations (ReserveStock, ConfirmReservation,
/// ReleaseReservation) are not built yet and answer UNIMPLEMENTED.
/// </summary>
public sealed class InventoryGrpcService(IStateStore store, TimeProvider clock) : InventoryService.InventoryServiceBase
{
    public override async Task<GetAvailabilityResponse> GetAvailability(GetAvailabilityRequest request, ServerCallContext context)
    {
        var warehouses = await WarehousesAsync(context.CancellationToken);
        var wanted = string.IsNullOrEmpty(request.WarehouseId)
            ? warehouses
            : warehouses.Where(w => w.WarehouseId == request.WarehouseId).ToList();
        var keys = request.Skus.Distinct(StringComparer.Ordinal)
            .SelectMany(sku => wanted.Select(w => StockRecord.Key(w.WarehouseId, sku)))
            .ToList();
        var records = (await store.GetManyJsonAsync<StockRecord>(keys, context.CancellationToken))
            .ToDictionary(r => StockRecord.Key(r.Value.WarehouseId, r.Value.Sku), r => r.Value);

        var now = clock.GetUtcNow();
        var response = new GetAvailabilityResponse();
        foreach (var sku in request.Skus.Distinct(StringComparer.Ordinal))
        {
            foreach (var warehouse in wanted)
            {
                // A SKU a warehouse never stocked is reported as zero, so callers see every warehouse.
                var record = records.GetValueOrDefault(StockRecord.Key(warehouse.WarehouseId, sku));
                response.Levels.Add(ToLevel(record ?? new StockRecord(sku, warehouse.WarehouseId, 0, []), now));
            }
        }

        return response;
    }

    public override async Task<ListWarehousesResponse> ListWarehouses(ListWarehousesRequest request, ServerCallContext context)
    {
        var response = new ListWarehousesResponse();
        response.Warehouses.AddRange((await WarehousesAsync(context.CancellationToken))
            .Select(w => new Warehouse { WarehouseId = w.WarehouseId, Name = w.Name, Country = w.Country }));
        return response;
    }

    public override async Task<SetStockResponse> SetStock(SetStockRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Sku))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "sku is required."));
        }

        if (request.OnHand < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "on_hand cannot be negative."));
        }

        var warehouses = await WarehousesAsync(context.CancellationToken);
        if (warehouses.All(w => w.WarehouseId != request.WarehouseId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"warehouse_id {request.WarehouseId} is not a known warehouse."));
        }

        var key = StockRecord.Key(request.WarehouseId, request.Sku);
        while (true)
        {
            var current = await store.GetJsonAsync<StockRecord>(key, context.CancellationToken);
            var updated = (current?.Value ?? new StockRecord(request.Sku, request.WarehouseId, 0, [])) with { OnHand = request.OnHand };
            if (await store.TrySaveJsonAsync(key, updated, current?.ETag ?? ETags.MustNotExist, cancellationToken: context.CancellationToken))
            {
                return new SetStockResponse { Level = ToLevel(updated, clock.GetUtcNow()) };
            }
        }
    }

    private async Task<IReadOnlyList<WarehouseRecord>> WarehousesAsync(CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<WarehouseList>(WarehouseList.Key, cancellationToken))?.Value.Warehouses ?? [];

    private static StockLevel ToLevel(StockRecord record, DateTimeOffset now) => new()
    {
        Sku = record.Sku,
        WarehouseId = record.WarehouseId,
        OnHand = record.OnHand,
        Reserved = record.Reserved(now),
        Available = record.Available(now),
    };
}
