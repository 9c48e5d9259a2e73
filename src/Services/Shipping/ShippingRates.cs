using Checkout.Platform.State;

namespace Checkout.Shipping;

/// <summary>
/// Shipping methods, their rates and delivery estimates (calendar days from the order
/// date), in one place. A free-shipping benefit (loyalty tier) makes standard shipping
/// free; faster methods keep their price.
/// </summary>
public static class ShippingRates
{
    public sealed record Method(string Name, long CostCents, int DeliveryDays);

    public static readonly IReadOnlyList<Method> Methods =
    [
        new("standard", 1599, 5),
        new("express", 2499, 2),
        new("overnight", 3999, 1),
    ];

    public static Method? Find(string name) => Methods.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public static long CostOf(Method method, bool freeShipping) => freeShipping && method.Name == "standard" ? 0 : method.CostCents;

    public static DateOnly EstimatedDelivery(Method method, DateTimeOffset orderedAt) =>
        DateOnly.FromDateTime(orderedAt.UtcDateTime).AddDays(method.DeliveryDays);
}

/// <summary>A shipment (key <c>shipment:{orderId}</c>): one per order.</summary>
public sealed record ShipmentRecord(string ShipmentId, string OrderId, string Method, string WarehouseId, string? TrackingNumber, string Status, string EstimatedDelivery) : IImmutableState
{
    public static string Key(string orderId) => $"shipment:{orderId}";

    /// <summary>The carrier's number for an order's shipment: made from the order id, so a repeated event makes the same one.</summary>
    public static string TrackingNumberOf(string orderId) => $"TRK{orderId.Replace("ORD-", string.Empty, StringComparison.Ordinal)}";
}
