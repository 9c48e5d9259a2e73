using System.Diagnostics.Metrics;
using Checkout.Contracts.Limits;
using Checkout.Platform.Errors;
using Checkout.Platform.State;
using Checkout.Platform.Telemetry;

namespace Checkout.Inventory;

/// <summary>
/// Applies reservation rules to the stored stock records in one transaction per change,
/// under the ETags read: two checkouts racing for the last unit cannot both win.
/// </summary>
public sealed class ReservationStore(IStateStore store, TimeProvider clock, AppMeter meter)
{
    private readonly Counter<long> _held = meter.Meter.CreateCounter<long>("checkout.reservations.held", description: "Stock reservations placed for checkouts.");
    private readonly Counter<long> _expired = meter.Meter.CreateCounter<long>("checkout.reservations.expired", description: "Reservations found expired, their stock gone, when their order was confirmed.");

    private static readonly TimeSpan RecordLifetime = TimeSpan.FromDays(7);

    public async Task<Reservation> ReserveAsync(string reservationId, IReadOnlyList<ReservedLine> lines, CancellationToken cancellationToken)
    {
        var placed = false;
        var reservation = await store.UpdateAsync<Reservation>(async ct =>
        {
            placed = false;
            if (await store.GetJsonAsync<Reservation>(Reservation.Key(reservationId), ct) is { } existing)
            {
                return ([], existing.Value);
            }

            var now = clock.GetUtcNow();
            var records = await ReadAsync(lines, ct);
            var operations = new List<StateOperation>();
            var shortages = new List<string>();
            foreach (var line in lines)
            {
                var (record, etag) = records[StockRecord.Key(line.WarehouseId, line.Sku)];
                var held = ReservationRules.Hold(record, reservationId, line.Quantity, now);
                if (held is null)
                {
                    shortages.Add(StockWording.Shortage(line.Sku, record.Available(now), line.WarehouseId, line.Quantity));
                    continue;
                }

                operations.Add(StateOperation.Upsert(StockRecord.Key(line.WarehouseId, line.Sku), JsonStateExtensions.Serialize(held), etag));
            }

            if (shortages.Count > 0)
            {
                throw DomainErrors.FailedPrecondition("OUT_OF_STOCK", StockWording.OutOfStock(shortages));
            }

            var reservation = new Reservation(reservationId, lines, now + ReservationRules.HoldTime, ReservationStatus.Held);
            operations.Add(StateOperation.Upsert(Reservation.Key(reservationId), JsonStateExtensions.Serialize(reservation), ETags.MustNotExist, RecordLifetime));
            placed = true;
            return (operations, reservation);
        }, $"Reservation {reservationId}", cancellationToken);
        if (placed)
        {
            _held.Add(1);
        }

        return reservation;
    }

    public Task ConfirmAsync(string reservationId, CancellationToken cancellationToken) =>
        store.UpdateAsync<bool>(async ct =>
        {
            var stored = await store.GetJsonAsync<Reservation>(Reservation.Key(reservationId), ct)
                ?? throw DomainErrors.NotFound("RESERVATION_NOT_FOUND", $"Reservation {reservationId} does not exist.");
            switch (stored.Value.Status)
            {
                case ReservationStatus.Confirmed:
                    return ([], true);
                case ReservationStatus.Released:
                    throw DomainErrors.FailedPrecondition("RESERVATION_RELEASED", $"Reservation {reservationId} was released.");
            }

            var now = clock.GetUtcNow();
            var records = await ReadAsync(stored.Value.Lines, ct);
            var operations = new List<StateOperation>();
            foreach (var line in stored.Value.Lines)
            {
                var (record, etag) = records[StockRecord.Key(line.WarehouseId, line.Sku)];
                if (ReservationRules.Confirm(record, reservationId, line.Quantity, now) is not { } confirmed)
                {
                    // The stock was read after the reservation: a confirmation that ran in between
                    // took the hold. Only a reservation that is still held has really expired.
                    if ((await store.GetJsonAsync<Reservation>(Reservation.Key(reservationId), ct))?.Value.Status == ReservationStatus.Confirmed)
                    {
                        return ([], true);
                    }

                    _expired.Add(1);
                    throw DomainErrors.FailedPrecondition("RESERVATION_EXPIRED", $"Reservation {reservationId} expired and {line.Sku} is no longer available in {line.WarehouseId}.");
                }

                operations.Add(StateOperation.Upsert(StockRecord.Key(line.WarehouseId, line.Sku), JsonStateExtensions.Serialize(confirmed), etag));
            }

            operations.Add(StateOperation.Upsert(Reservation.Key(reservationId), JsonStateExtensions.Serialize(stored.Value with { Status = ReservationStatus.Confirmed }), stored.ETag, RecordLifetime));
            return (operations, true);
        }, $"Reservation {reservationId}", cancellationToken);

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken) =>
        store.UpdateAsync<bool>(async ct =>
        {
            var stored = await store.GetJsonAsync<Reservation>(Reservation.Key(reservationId), ct);
            if (stored is null || stored.Value.Status == ReservationStatus.Released)
            {
                return ([], true);
            }

            if (stored.Value.Status == ReservationStatus.Confirmed)
            {
                throw DomainErrors.FailedPrecondition("RESERVATION_CONFIRMED", $"Reservation {reservationId} is confirmed; it can no longer be released.");
            }

            var now = clock.GetUtcNow();
            var records = await ReadAsync(stored.Value.Lines, ct);
            var operations = stored.Value.Lines
                .Select(line => StockRecord.Key(line.WarehouseId, line.Sku))
                .Select(key => StateOperation.Upsert(key, JsonStateExtensions.Serialize(ReservationRules.Release(records[key].Record, reservationId, now)), records[key].ETag))
                .Append(StateOperation.Upsert(Reservation.Key(reservationId), JsonStateExtensions.Serialize(stored.Value with { Status = ReservationStatus.Released }), stored.ETag, RecordLifetime))
                .ToList();
            return (operations, true);
        }, $"Reservation {reservationId}", cancellationToken);

    private async Task<Dictionary<string, (StockRecord Record, string ETag)>> ReadAsync(IReadOnlyList<ReservedLine> lines, CancellationToken cancellationToken)
    {
        var keys = lines.Select(l => StockRecord.Key(l.WarehouseId, l.Sku)).Distinct().ToList();
        var stored = (await store.GetManyJsonAsync<StockRecord>(keys, cancellationToken))
            .ToDictionary(r => StockRecord.Key(r.Value.WarehouseId, r.Value.Sku), r => (r.Value, r.ETag));
        foreach (var line in lines)
        {
            var key = StockRecord.Key(line.WarehouseId, line.Sku);
            if (!stored.ContainsKey(key))
            {
                stored[key] = (new StockRecord(line.Sku, line.WarehouseId, 0, []), ETags.MustNotExist);
            }
        }

        return stored;
    }
}
