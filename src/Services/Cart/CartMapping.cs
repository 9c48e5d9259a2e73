using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Money;
using Google.Protobuf.WellKnownTypes;

namespace Checkout.Cart;

internal static class CartMapping
{
    public static Contracts.Cart.V1.Cart ToProto(this CartRecord cart)
    {
        var proto = new Contracts.Cart.V1.Cart
        {
            CartId = cart.CartId,
            CustomerId = cart.CustomerId,
            Totals = new CartTotals { Subtotal = MoneyExtensions.Cents(cart.SubtotalCents, cart.Currency), ItemCount = cart.ItemCount },
            UpdatedAt = Timestamp.FromDateTimeOffset(cart.UpdatedAt),
        };
        proto.Items.AddRange(cart.Items.Select(line => new CartItem
        {
            ItemId = line.ItemId,
            ProductId = line.ProductId,
            Sku = line.Sku,
            Name = line.Name,
            Quantity = line.Quantity,
            UnitPrice = MoneyExtensions.Cents(line.UnitPriceCents, cart.Currency),
            TotalPrice = MoneyExtensions.Cents(line.TotalCents, cart.Currency),
            WarehouseId = line.WarehouseId,
            AddedAt = Timestamp.FromDateTimeOffset(line.AddedAt),
            Category = line.Category ?? string.Empty,
        }));
        return proto;
    }
}
