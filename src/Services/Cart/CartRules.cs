using Checkout.Contracts.Limits;
using Checkout.Platform.Errors;

namespace Checkout.Cart;

/// <summary>
/// The rules of a cart, as pure functions from one cart to the next. Every change
/// returns a new record with <c>UpdatedAt</c> set; totals are derived from the lines,
/// so they can never disagree with them.
/// </summary>
public static class CartRules
{
    public const int MaxQuantityPerLine = CartLimits.MaxQuantityPerLine;
    public const int MaxLines = CartLimits.MaxLines;

    public static CartRecord Empty(string cartId, string customerId, string currency, DateTimeOffset now) =>
        new(cartId, customerId, currency, [], 1, now, now);

    /// <summary>Adds a line, or merges into the line of the same product, SKU and warehouse.</summary>
    public static CartRecord AddItem(CartRecord cart, NewLine line, DateTimeOffset now)
    {
        RequireQuantity(line.Quantity, minimum: 1);
        var existing = cart.Items.FirstOrDefault(i => i.SameStockAs(line.ProductId, line.Sku, line.WarehouseId));
        var total = (existing?.Quantity ?? 0) + line.Quantity;
        if (line.Available is { } available && total > available)
        {
            throw DomainErrors.FailedPrecondition("OUT_OF_STOCK",
                StockWording.OutOfStock([StockWording.Shortage(line.Sku, available, line.WarehouseId, total)], existing?.Quantity ?? 0));
        }

        if (existing is not null)
        {
            var merged = total;
            if (merged > MaxQuantityPerLine)
            {
                throw DomainErrors.InvalidArgument("quantity",
                    $"quantity would make {merged} of {line.Sku} in the cart; at most {MaxQuantityPerLine} per item.");
            }

            // A merge also takes the current price and name: the customer sees what they will pay.
            var updated = existing with { Quantity = merged, UnitPriceCents = line.UnitPriceCents, Name = line.Name };
            return cart with { Items = Replace(cart.Items, updated), UpdatedAt = now };
        }

        if (cart.Items.Count >= MaxLines)
        {
            throw DomainErrors.FailedPrecondition("CART_FULL", $"A cart holds at most {MaxLines} different items.");
        }

        var itemId = $"CART_ITEM-{cart.NextItemNumber:D3}";
        var added = new CartLine(itemId, line.ProductId, line.Sku, line.Name, line.Quantity, line.UnitPriceCents, line.WarehouseId, now, line.Category);
        return cart with { Items = [.. cart.Items, added], NextItemNumber = cart.NextItemNumber + 1, UpdatedAt = now };
    }

    /// <summary>Sets a line's quantity; 0 removes it.</summary>
    public static CartRecord UpdateQuantity(CartRecord cart, string itemId, int quantity, DateTimeOffset now)
    {
        RequireQuantity(quantity, minimum: 0);
        var line = RequireLine(cart, itemId);
        return quantity == 0
            ? RemoveItem(cart, itemId, now)
            : cart with { Items = Replace(cart.Items, line with { Quantity = quantity }), UpdatedAt = now };
    }

    public static CartRecord RemoveItem(CartRecord cart, string itemId, DateTimeOffset now)
    {
        RequireLine(cart, itemId);
        return cart with { Items = cart.Items.Where(i => i.ItemId != itemId).ToList(), UpdatedAt = now };
    }

    /// <summary>
    /// Takes out what an order bought: each ordered quantity comes off the line of the same
    /// product, SKU and warehouse, and a line left with nothing goes. What was added after the
    /// checkout began stays. Returns the same record when nothing changed.
    /// </summary>
    public static CartRecord RemoveOrdered(CartRecord cart, IReadOnlyList<OrderedLine> ordered, DateTimeOffset now)
    {
        var changed = false;
        var items = new List<CartLine>();
        foreach (var line in cart.Items)
        {
            var bought = ordered.Where(o => line.SameStockAs(o.ProductId, o.Sku, o.WarehouseId)).Sum(o => o.Quantity);
            changed |= bought > 0;
            if (line.Quantity > bought)
            {
                items.Add(bought > 0 ? line with { Quantity = line.Quantity - bought } : line);
            }
        }

        return changed ? cart with { Items = items, UpdatedAt = now } : cart;
    }

    /// <summary>Writes current prices and names; returns the same record when nothing changed.</summary>
    public static CartRecord RefreshPrices(CartRecord cart, IReadOnlyDictionary<string, (string Name, long UnitPriceCents)> prices, DateTimeOffset now)
    {
        var changed = false;
        var items = cart.Items.Select(line =>
        {
            if (!prices.TryGetValue(line.ItemId, out var current) ||
                (current.UnitPriceCents == line.UnitPriceCents && current.Name == line.Name))
            {
                return line;
            }

            changed = true;
            return line with { UnitPriceCents = current.UnitPriceCents, Name = current.Name };
        }).ToList();
        return changed ? cart with { Items = items, UpdatedAt = now } : cart;
    }

    private static void RequireQuantity(int quantity, int minimum)
    {
        if (CartLimits.QuantityProblem(quantity, minimum) is { } problem)
        {
            throw DomainErrors.InvalidArgument("quantity", problem);
        }
    }

    private static CartLine RequireLine(CartRecord cart, string itemId) =>
        cart.Find(itemId) ?? throw DomainErrors.NotFound("CART_ITEM_NOT_FOUND", $"The cart has no item {itemId}.");

    private static List<CartLine> Replace(IReadOnlyList<CartLine> items, CartLine line) =>
        items.Select(i => i.ItemId == line.ItemId ? line : i).ToList();
}

/// <summary>A line to add; <paramref name="Available"/>, when known, caps the line after a merge.</summary>
public sealed record NewLine(string ProductId, string Sku, string Name, string WarehouseId, int Quantity, long UnitPriceCents, string? Category = null, int? Available = null);

/// <summary>What an order bought from a cart: so many units of a product, SKU and warehouse.</summary>
public sealed record OrderedLine(string ProductId, string Sku, string WarehouseId, int Quantity);
