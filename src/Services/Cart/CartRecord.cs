using Checkout.Platform.State;

namespace Checkout.Cart;

/// <summary>A customer's cart as stored (key <c>cart:{customerId}</c>). Prices are integer cents.</summary>
public sealed record CartRecord(
    string CartId,
    string CustomerId,
    string Currency,
    IReadOnlyList<CartLine> Items,
    int NextItemNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IImmutableState
{
    public static string Key(string customerId) => $"cart:{customerId}";

    public long SubtotalCents => Items.Sum(i => i.TotalCents);

    public int ItemCount => Items.Sum(i => i.Quantity);

    public CartLine? Find(string itemId) => Items.FirstOrDefault(i => i.ItemId == itemId);
}

public sealed record CartLine(
    string ItemId,
    string ProductId,
    string Sku,
    string Name,
    int Quantity,
    long UnitPriceCents,
    string WarehouseId,
    DateTimeOffset AddedAt,
    string? Category = null) : IImmutableState
{
    public long TotalCents => checked(UnitPriceCents * Quantity);

    public bool SameStockAs(string productId, string sku, string warehouseId) =>
        ProductId == productId && Sku == sku && WarehouseId == warehouseId;
}
