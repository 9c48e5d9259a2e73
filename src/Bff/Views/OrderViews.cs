using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Pricing;
using Checkout.Platform.Money;

namespace Checkout.Bff.Views;

/// <summary>The seed's order JSON (submit response and order endpoints), made from Order's exact-money message.</summary>
public static class OrderViews
{
    public static OrderView ToView(this Contracts.Order.V1.Order order)
    {
        var currency = order.Pricing?.Total?.CurrencyCode is { Length: > 0 } code ? code : MoneyExtensions.DefaultCurrency;
        var view = new OrderView
        {
            OrderId = order.OrderId,
            OrderNumber = order.OrderNumber,
            Status = StatusName(order.Status),
            CustomerId = order.CustomerId,
            Pricing = new Pricing
            {
                Subtotal = order.Pricing?.Subtotal.ToJsonNumber() ?? 0,
                TotalDiscounts = order.Pricing?.TotalDiscounts.ToJsonNumber() ?? 0,
                Shipping = order.Pricing?.Shipping.ToJsonNumber() ?? 0,
                Tax = order.Pricing?.Tax.ToJsonNumber() ?? 0,
                Total = order.Pricing?.Total.ToJsonNumber() ?? 0,
                Currency = currency,
            },
            Payment = new PaymentSummary
            {
                Method = order.Payment?.Method ?? string.Empty,
                Status = order.Payment?.Status ?? string.Empty,
                Last4 = order.Payment?.Last4 ?? string.Empty,
            },
            Shipping = new ShippingSummary
            {
                Method = order.Shipping?.Method ?? string.Empty,
                Cost = order.Shipping?.Cost.ToJsonNumber() ?? 0,
                EstimatedDelivery = order.Shipping?.EstimatedDelivery ?? string.Empty,
                Warehouse = order.Shipping?.WarehouseId ?? string.Empty,
            },
            Loyalty = new LoyaltySummary
            {
                PointsEarned = order.Loyalty?.PointsEarned ?? 0,
                PointsUsed = order.Loyalty?.PointsUsed ?? 0,
            },
            Timestamps = new OrderTimestamps { CreatedAt = Rfc3339(order.CreatedAt) },
        };
        view.Shipping.TrackingNumber = string.IsNullOrEmpty(order.Shipping?.TrackingNumber)
            ? Google.Protobuf.WellKnownTypes.Value.ForNull()
            : Google.Protobuf.WellKnownTypes.Value.ForString(order.Shipping.TrackingNumber);

        if (order.Payment?.TransactionId is { Length: > 0 } transactionId)
        {
            view.Payment.TransactionId = transactionId;
        }

        if (order.Loyalty?.HasNewBalance == true)
        {
            view.Loyalty.NewBalance = order.Loyalty.NewBalance;
        }

        if (order.ConfirmedAt is not null)
        {
            view.Timestamps.ConfirmedAt = Rfc3339(order.ConfirmedAt);
        }

        view.Items.AddRange(order.Items.Select(i => new OrderLine
        {
            ProductId = i.ProductId,
            Sku = i.Sku,
            Name = i.Name,
            Quantity = i.Quantity,
            UnitPrice = i.UnitPrice.ToJsonNumber(),
            TotalPrice = i.TotalPrice.ToJsonNumber(),
            Warehouse = i.WarehouseId,
        }));
        foreach (var discount in order.Pricing?.Discounts ?? [])
        {
            var line = new PricingDiscount { Type = discount.Type, Amount = discount.Amount.ToJsonNumber() };
            if (discount.Type == DiscountTypes.LoyaltyPoints)
            {
                line.PointsUsed = discount.PointsUsed;
            }
            else if (!string.IsNullOrEmpty(discount.Code))
            {
                line.Code = discount.Code;
            }

            view.Pricing.Discounts.Add(line);
        }

        return view;
    }

    /// <summary>"ORDER_STATUS_PAYMENT_FAILED" is shown as the seed's "PAYMENT_FAILED".</summary>
    public static string StatusName(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "PENDING_PAYMENT",
        OrderStatus.Confirmed => "CONFIRMED",
        OrderStatus.PaymentFailed => "PAYMENT_FAILED",
        OrderStatus.Processing => "PROCESSING",
        OrderStatus.Shipped => "SHIPPED",
        OrderStatus.Cancelled => "CANCELLED",
        OrderStatus.PaymentReview => "PAYMENT_REVIEW",
        _ => "UNKNOWN",
    };

    private static string Rfc3339(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? string.Empty : time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
