using Checkout.Platform.State;

namespace Checkout.Inventory;

/// <summary>
/// A reservation (key <c>reservation:{id}</c>): stock held for one checkout across SKUs and
/// warehouses, all or nothing. Held for <see cref="ReservationRules.HoldTime"/> unless confirmed.
/// </summary>
public sealed record Reservation(string ReservationId, IReadOnlyList<ReservedLine> Lines, DateTimeOffset ExpiresAt, ReservationStatus Status) : IImmutableState
{
    public static string Key(string reservationId) => $"reservation:{reservationId}";
}

public sealed record ReservedLine(string Sku, string WarehouseId, int Quantity) : IImmutableState;

public enum ReservationStatus
{
    Held,
    Confirmed,
    Released,
}

/// <summary>The rules of holding, confirming and releasing stock, as pure functions on stock records.</summary>
public static class ReservationRules
{
    /// <summary>The seed's reservation timeout.</summary>
    public static readonly TimeSpan HoldTime = Contracts.Limits.SubmissionHolds.HoldTime;

    /// <summary>Adds a hold, or returns null when the live available stock is short.</summary>
    public static StockRecord? Hold(StockRecord record, string reservationId, int quantity, DateTimeOffset now) =>
        record.Available(now) < quantity
            ? null
            : record with { Holds = [.. Live(record, now), new StockHold(reservationId, quantity, now + HoldTime)] };

    /// <summary>
    /// Turns a hold into a decrement of stock on hand. A hold that already expired can still
    /// be confirmed while the stock is there; otherwise null (stock never goes negative).
    /// </summary>
    public static StockRecord? Confirm(StockRecord record, string reservationId, int quantity, DateTimeOffset now)
    {
        var live = Live(record, now);
        var held = live.Any(h => h.ReservationId == reservationId);
        var withoutHold = record with { Holds = live.Where(h => h.ReservationId != reservationId).ToList() };
        if (!held && withoutHold.Available(now) < quantity)
        {
            return null;
        }

        return withoutHold with { OnHand = withoutHold.OnHand - quantity };
    }

    public static StockRecord Release(StockRecord record, string reservationId, DateTimeOffset now) =>
        record with { Holds = Live(record, now).Where(h => h.ReservationId != reservationId).ToList() };

    /// <summary>Expired holds are dropped whenever a record is written, so records do not grow.</summary>
    private static List<StockHold> Live(StockRecord record, DateTimeOffset now) => record.Holds.Where(h => h.ExpiresAt > now).ToList();
}
