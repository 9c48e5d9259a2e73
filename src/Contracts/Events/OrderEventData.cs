namespace Checkout.Contracts.Events;

/// <summary>
/// Order events: the topics and the <c>data</c> of their CloudEvents, in the seed's shape
/// (amounts are JSON numbers in currency units, as the seed's order.created shows). The
/// seed's envelope fields map onto CloudEvents: eventId = id, eventType = type,
/// timestamp = time, source = source.
/// </summary>
public static class OrderTopics
{
    public const string Created = "order.created";
    public const string Processing = "order.processing";
    public const string Source = "order-service";
}

public sealed record OrderEventItem(string ProductId, string Sku, string Name, int Quantity, decimal UnitPrice, decimal TotalPrice, string? Warehouse = null);

public sealed record OrderEventTotals(decimal Subtotal, decimal Discounts, decimal Shipping, decimal Tax, decimal Total, string Currency);

public sealed record OrderEventCustomer(string Id, string Email, string Tier, string? Phone = null);

public sealed record OrderEventAddress(string Street, string City, string State, string ZipCode, string? Country = null);

public sealed record OrderEventAddresses(OrderEventAddress Shipping);

public sealed record OrderEventPayment(string Method, string TransactionId);

public sealed record OrderEventLoyalty(int PointsEarned, int PointsUsed);

public sealed record OrderEventShipping(string Method, string Warehouse);

/// <summary>The data of order.created.</summary>
public sealed record OrderCreatedData(
    string OrderId,
    string OrderNumber,
    string CustomerId,
    string Status,
    IReadOnlyList<OrderEventItem> Items,
    OrderEventTotals Totals,
    OrderEventCustomer Customer,
    OrderEventAddresses Addresses,
    OrderEventPayment Payment,
    OrderEventLoyalty Loyalty,
    string? ReservationId = null);

/// <summary>The data of order.processing: what fulfilment needs.</summary>
public sealed record OrderProcessingData(
    string OrderId,
    string OrderNumber,
    string CustomerId,
    string Status,
    IReadOnlyList<OrderEventItem> Items,
    OrderEventShipping Shipping,
    OrderEventAddresses Addresses);
