using Checkout.Platform.State;

namespace Checkout.Inventory;

/// <summary>
/// Stock of one SKU in one warehouse, one state entry (key <c>stock:{warehouse}:{sku}</c>)
/// so reservations on different SKUs never contend. Holds are reservations not yet
/// confirmed; a hold past its expiry no longer counts, so expired reservations give
/// stock back without anyone calling anything.
/// </summary>
public sealed record StockRecord(string Sku, string WarehouseId, int OnHand, IReadOnlyList<StockHold> Holds) : IImmutableState
{
    public static string Key(string warehouseId, string sku) => $"stock:{warehouseId}:{sku}";

    /// <summary>What unexpired holds keep back. A loop, not a query: every availability read asks it twice per SKU and warehouse.</summary>
    public int Reserved(DateTimeOffset now)
    {
        var reserved = 0;
        for (var i = 0; i < Holds.Count; i++)
        {
            if (Holds[i].ExpiresAt > now)
            {
                reserved += Holds[i].Quantity;
            }
        }

        return reserved;
    }

    /// <summary>What can still be sold: never negative.</summary>
    public int Available(DateTimeOffset now) => Math.Max(0, OnHand - Reserved(now));
}

public sealed record StockHold(string ReservationId, int Quantity, DateTimeOffset ExpiresAt) : IImmutableState;

public sealed record WarehouseRecord(string WarehouseId, string Name, string Country) : IImmutableState;

public sealed record WarehouseList(IReadOnlyList<WarehouseRecord> Warehouses) : IImmutableState
{
    public const string Key = "warehouses";
}
