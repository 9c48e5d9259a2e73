using Checkout.Platform.Money;
using BffCart = Checkout.Contracts.Bff.V1.Cart;
using ServiceCart = Checkout.Contracts.Cart.V1.Cart;

namespace Checkout.Bff.Views;

/// <summary>The seed's cart JSON, made from Cart's exact-money message.</summary>
public static class CartViews
{
    public static BffCart ToView(this ServiceCart cart)
    {
        var currency = cart.Totals?.Subtotal?.CurrencyCode is { Length: > 0 } code ? code : MoneyExtensions.DefaultCurrency;
        var view = new BffCart
        {
            Id = cart.CartId,
            CustomerId = cart.CustomerId,
            Totals = new Contracts.Bff.V1.CartTotals
            {
                Subtotal = cart.Totals?.Subtotal.ToJsonNumber() ?? 0,
                ItemCount = cart.Totals?.ItemCount ?? 0,
                Currency = currency,
            },
            UpdatedAt = cart.UpdatedAt,
        };
        view.Items.AddRange(cart.Items.Select(item => new Contracts.Bff.V1.CartItem
        {
            Id = item.ItemId,
            ProductId = item.ProductId,
            Sku = item.Sku,
            Name = item.Name,
            Quantity = item.Quantity,
            UnitPrice = item.UnitPrice.ToJsonNumber(),
            TotalPrice = item.TotalPrice.ToJsonNumber(),
            Warehouse = item.WarehouseId,
            AddedAt = item.AddedAt,
        }));
        return view;
    }
}
