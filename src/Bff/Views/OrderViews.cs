using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Checkout.V1;
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
        view.Pricing.Discounts.AddRange((order.Pricing?.Discounts ?? []).Select(d => DiscountLine(d.Type, d.Code, d.PointsUsed, d.Amount)));
        return view;
    }

    /// <summary>Checkout's pricing of a session, in the order's pricing shape: what its submission would charge.</summary>
    public static Pricing ToView(this OrderTotals totals)
    {
        var view = new Pricing
        {
            Subtotal = totals.Subtotal.ToJsonNumber(),
            TotalDiscounts = totals.TotalDiscounts.ToJsonNumber(),
            Shipping = totals.Shipping.ToJsonNumber(),
            Tax = totals.Tax.ToJsonNumber(),
            Total = totals.Total.ToJsonNumber(),
            Currency = totals.Total?.CurrencyCode is { Length: > 0 } code ? code : MoneyExtensions.DefaultCurrency,
        };
        view.Discounts.AddRange(totals.Discounts.Select(d => DiscountLine(d.Type, d.Code, d.PointsUsed, d.Amount)));
        return view;
    }

    /// <summary>A discount as the seed shows it: points for loyalty, the code for a promotion or tier.</summary>
    private static PricingDiscount DiscountLine(string type, string code, int pointsUsed, Contracts.Common.V1.Money? amount)
    {
        var line = new PricingDiscount { Type = type, Amount = amount.ToJsonNumber() };
        if (type == DiscountTypes.LoyaltyPoints)
        {
            line.PointsUsed = pointsUsed;
        }
        else if (!string.IsNullOrEmpty(code))
        {
            line.Code = code;
        }

        return line;
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
