using System.Text.Json;
using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.Money;
using Checkout.Platform.State;

namespace Checkout.Order;

/// <summary>
/// The order events as CloudEvents whose data is the seed's shape. Event ids derive from
/// the order and the transition, so a retried transition produces the same id and
/// consumers drop the copy.
/// </summary>
public static class OrderEvents
{
    public static OutboxEntry Created(Contracts.Order.V1.Order order, DateTimeOffset now) => Entry(OrderTopics.Created, order, now, new OrderCreatedData(
        order.OrderId,
        order.OrderNumber,
        order.CustomerId,
        "CONFIRMED",
        Items(order),
        new OrderEventTotals(
            MoneyExtensions.ToMajorUnits(order.Pricing.Subtotal.MinorUnits),
            MoneyExtensions.ToMajorUnits(order.Pricing.TotalDiscounts.MinorUnits),
            MoneyExtensions.ToMajorUnits(order.Pricing.Shipping.MinorUnits),
            MoneyExtensions.ToMajorUnits(order.Pricing.Tax.MinorUnits),
            MoneyExtensions.ToMajorUnits(order.Pricing.Total.MinorUnits),
            order.Pricing.Total.CurrencyCode),
        new OrderEventCustomer(order.CustomerId, order.CustomerEmail, order.CustomerTier, string.IsNullOrEmpty(order.CustomerPhone) ? null : order.CustomerPhone),
        Addresses(order),
        new OrderEventPayment(order.Payment.Method, order.Payment.TransactionId),
        new OrderEventLoyalty(order.Loyalty?.PointsEarned ?? 0, order.Loyalty?.PointsUsed ?? 0),
        order.ReservationId));

    public static OutboxEntry Processing(Contracts.Order.V1.Order order, DateTimeOffset now) => Entry(OrderTopics.Processing, order, now, new OrderProcessingData(
        order.OrderId,
        order.OrderNumber,
        order.CustomerId,
        "PROCESSING",
        Items(order),
        new OrderEventShipping(order.Shipping.Method, order.Shipping.WarehouseId),
        Addresses(order)));

    private static List<OrderEventItem> Items(Contracts.Order.V1.Order order) => order.Items
        .Select(i => new OrderEventItem(i.ProductId, i.Sku, i.Name, i.Quantity, MoneyExtensions.ToMajorUnits(i.UnitPrice.MinorUnits), MoneyExtensions.ToMajorUnits(i.TotalPrice.MinorUnits), i.WarehouseId))
        .ToList();

    private static OrderEventAddresses Addresses(Contracts.Order.V1.Order order) =>
        new(new OrderEventAddress(order.ShippingAddress.Street, order.ShippingAddress.City, order.ShippingAddress.State, order.ShippingAddress.ZipCode, order.ShippingAddress.Country));

    private static OutboxEntry Entry<T>(string topic, Contracts.Order.V1.Order order, DateTimeOffset now, T data)
        where T : notnull => new(
        topic,
        new CloudEvent
        {
            Id = $"evt-{order.OrderId}-{topic["order.".Length..]}",
            Type = topic,
            Source = OrderTopics.Source,
            Time = now,
            Data = JsonSerializer.SerializeToElement(data, JsonStateExtensions.Options),
        },
        PartitionKey: order.OrderId);
}
