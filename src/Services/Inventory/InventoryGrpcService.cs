using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.State;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.Inventory;

/// <summary>Inventory's gRPC surface: availability, stock levels and reservations.</summary>
public sealed class InventoryGrpcService(IStateStore store, TimeProvider clock, ReservationStore reservations, WarehouseDirectory warehouseDirectory) : InventoryService.InventoryServiceBase
{
    public override async Task<ReserveStockResponse> ReserveStock(ReserveStockRequest request, ServerCallContext context)
    {
        var reservationId = DomainErrors.Required(request.ReservationId, "reservationId");
        if (request.Lines.Count == 0)
        {
            throw DomainErrors.InvalidArgument("lines", "lines must name at least one SKU.");
        }

        if (request.Lines.FirstOrDefault(l => l.Quantity < 1 || string.IsNullOrWhiteSpace(l.Sku) || string.IsNullOrWhiteSpace(l.WarehouseId)) is { } bad)
        {
            throw DomainErrors.InvalidArgument("lines", $"Every line needs a sku, a warehouse_id and a quantity of 1 or more ({bad.Sku}).");
        }

        // One hold per (SKU, warehouse), however the caller split the lines.
        var lines = request.Lines
            .GroupBy(l => (l.Sku, l.WarehouseId))
            .Select(g => new ReservedLine(g.Key.Sku, g.Key.WarehouseId, g.Sum(l => l.Quantity)))
            .ToList();
        var reservation = await reservations.ReserveAsync(reservationId, lines, context.CancellationToken);
        return new ReserveStockResponse { ReservationId = reservation.ReservationId, ExpiresAt = Timestamp.FromDateTimeOffset(reservation.ExpiresAt) };
    }

    public override async Task<ConfirmReservationResponse> ConfirmReservation(ConfirmReservationRequest request, ServerCallContext context)
    {
        await reservations.ConfirmAsync(DomainErrors.Required(request.ReservationId, "reservationId"), context.CancellationToken);
        return new ConfirmReservationResponse();
    }

    public override async Task<ReleaseReservationResponse> ReleaseReservation(ReleaseReservationRequest request, ServerCallContext context)
    {
        await reservations.ReleaseAsync(DomainErrors.Required(request.ReservationId, "reservationId"), context.CancellationToken);
        return new ReleaseReservationResponse();
    }

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
        DomainErrors.Required(request.Sku, "sku");

        if (request.OnHand < 0)
        {
            throw DomainErrors.InvalidArgument("onHand", "onHand cannot be negative.");
        }

        var warehouses = await WarehousesAsync(context.CancellationToken);
        if (warehouses.All(w => w.WarehouseId != request.WarehouseId))
        {
            throw DomainErrors.InvalidArgument("warehouseId", $"warehouseId {request.WarehouseId} is not a known warehouse.");
        }

        var key = StockRecord.Key(request.WarehouseId, request.Sku);
        var updated = await store.UpdateAsync(async ct =>
        {
            var current = await store.GetJsonAsync<StockRecord>(key, ct);
            var next = (current?.Value ?? new StockRecord(request.Sku, request.WarehouseId, 0, [])) with { OnHand = request.OnHand };
            IReadOnlyList<StateOperation> writes = [StateOperation.Upsert(key, JsonStateExtensions.Serialize(next), current?.ETag ?? ETags.MustNotExist)];
            return (writes, next);
        }, $"Stock of {request.Sku} in {request.WarehouseId}", context.CancellationToken);
        return new SetStockResponse { Level = ToLevel(updated, clock.GetUtcNow()) };
    }

    private ValueTask<IReadOnlyList<WarehouseRecord>> WarehousesAsync(CancellationToken cancellationToken) =>
        warehouseDirectory.AllAsync(cancellationToken);

    private static StockLevel ToLevel(StockRecord record, DateTimeOffset now) => new()
    {
        Sku = record.Sku,
        WarehouseId = record.WarehouseId,
        OnHand = record.OnHand,
        Reserved = record.Reserved(now),
        Available = record.Available(now),
    };
}
