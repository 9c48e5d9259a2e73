using Checkout.Cart;
using Checkout.Platform.Errors;

namespace Checkout.UnitTests.Cart;

public sealed class CartRulesTests
{
    private static readonly DateTimeOffset T0 = new(2024, 8, 10, 14, 30, 0, TimeSpan.Zero);

    private static CartRecord EmptyCart() => CartRules.Empty("CART-1", "CUST-1", "USD", T0);

    private static NewLine Headphones(int quantity, string warehouse = "US-WEST-01", long price = 24999) =>
        new("PROD-12345", "SKU-ABC-001", "Premium Wireless Headphones", warehouse, quantity, price);

    [Fact]
    public void Adding_a_line_numbers_it_and_derives_the_totals()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(2), T0.AddMinutes(1));

        var line = Assert.Single(cart.Items);
        Assert.Equal("CART_ITEM-001", line.ItemId);
        Assert.Equal(49998, line.TotalCents);
        Assert.Equal(49998, cart.SubtotalCents);
        Assert.Equal(2, cart.ItemCount);
        Assert.Equal(T0.AddMinutes(1), cart.UpdatedAt);
    }

    [Fact]
    public void Same_product_sku_and_warehouse_merge_into_one_line()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(2), T0);
        cart = CartRules.AddItem(cart, Headphones(3), T0);

        var line = Assert.Single(cart.Items);
        Assert.Equal(5, line.Quantity);
        Assert.Equal(5 * 24999, cart.SubtotalCents);
    }

    [Fact]
    public void Another_warehouse_is_another_line()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(1), T0);
        cart = CartRules.AddItem(cart, Headphones(1, "US-EAST-01"), T0);

        Assert.Equal(["CART_ITEM-001", "CART_ITEM-002"], cart.Items.Select(i => i.ItemId));
        Assert.Equal(2, cart.ItemCount);
    }

    [Fact]
    public void A_merge_past_the_line_maximum_is_refused_naming_quantity()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(60), T0);

        var error = Assert.Throws<DomainException>(() => CartRules.AddItem(cart, Headphones(40), T0));

        Assert.Equal("INVALID_QUANTITY", error.Reason);
        Assert.Equal("quantity", error.Field);
    }

    [Fact]
    public void A_merge_beyond_the_stock_available_is_refused_counting_what_is_in_the_cart()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(2), T0);

        var error = Assert.Throws<DomainException>(() => CartRules.AddItem(cart, Headphones(2) with { Available = 3 }, T0));

        Assert.Equal("OUT_OF_STOCK", error.Reason);
        Assert.Equal("Out of stock: SKU-ABC-001 has 3 available in US-WEST-01, 4 requested (2 already in your cart).", error.Message);
        Assert.Equal(3, CartRules.AddItem(cart, Headphones(1) with { Available = 3 }, T0).ItemCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CartRules.MaxQuantityPerLine + 1)]
    public void Adding_a_quantity_outside_1_to_max_is_refused(int quantity)
    {
        var error = Assert.Throws<DomainException>(() => CartRules.AddItem(EmptyCart(), Headphones(quantity), T0));
        Assert.Equal("quantity", error.Field);
    }

    [Fact]
    public void A_cart_holds_at_most_max_lines()
    {
        var cart = EmptyCart();
        for (var i = 0; i < CartRules.MaxLines; i++)
        {
            cart = CartRules.AddItem(cart, new NewLine($"PROD-{i}", $"SKU-{i}", "Thing", "US-WEST-01", 1, 100), T0);
        }

        var error = Assert.Throws<DomainException>(() => CartRules.AddItem(cart, new NewLine("PROD-X", "SKU-X", "Thing", "US-WEST-01", 1, 100), T0));
        Assert.Equal("CART_FULL", error.Reason);
    }

    [Fact]
    public void Updating_the_quantity_recalculates_totals_and_zero_removes()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(2), T0);

        cart = CartRules.UpdateQuantity(cart, "CART_ITEM-001", 3, T0);
        Assert.Equal(3 * 24999, cart.SubtotalCents);

        cart = CartRules.UpdateQuantity(cart, "CART_ITEM-001", 0, T0);
        Assert.Empty(cart.Items);
        Assert.Equal(0, cart.SubtotalCents);
        Assert.Equal(0, cart.ItemCount);
    }

    [Fact]
    public void Updating_or_removing_an_unknown_item_is_not_found()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(2), T0);

        Assert.Equal("CART_ITEM_NOT_FOUND", Assert.Throws<DomainException>(() => CartRules.UpdateQuantity(cart, "CART_ITEM-999", 1, T0)).Reason);
        Assert.Equal("CART_ITEM_NOT_FOUND", Assert.Throws<DomainException>(() => CartRules.RemoveItem(cart, "CART_ITEM-999", T0)).Reason);
    }

    [Fact]
    public void Item_ids_are_not_reused_after_a_removal()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(1), T0);
        cart = CartRules.RemoveItem(cart, "CART_ITEM-001", T0);
        cart = CartRules.AddItem(cart, Headphones(1), T0);

        Assert.Equal("CART_ITEM-002", Assert.Single(cart.Items).ItemId);
    }

    [Fact]
    public void Refreshing_prices_changes_only_lines_whose_price_or_name_moved()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(2), T0);
        var unchanged = CartRules.RefreshPrices(cart, new Dictionary<string, (string, long)> { ["CART_ITEM-001"] = ("Premium Wireless Headphones", 24999) }, T0.AddHours(1));
        Assert.Same(cart, unchanged);

        var repriced = CartRules.RefreshPrices(cart, new Dictionary<string, (string, long)> { ["CART_ITEM-001"] = ("Premium Wireless Headphones", 19999) }, T0.AddHours(1));
        Assert.Equal(2 * 19999, repriced.SubtotalCents);
        Assert.Equal(T0.AddHours(1), repriced.UpdatedAt);
    }

    [Fact]
    public void An_order_takes_its_quantities_off_the_matching_lines_and_leaves_the_rest()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(3), T0);
        cart = CartRules.AddItem(cart, Headphones(1, "EU-CENTRAL-01"), T0);
        cart = CartRules.AddItem(cart, new NewLine("PROD-2", "SKU-2", "Other", "US-WEST-01", 2, 100), T0);

        var after = CartRules.RemoveOrdered(cart, [new OrderedLine("PROD-12345", "SKU-ABC-001", "US-WEST-01", 2), new OrderedLine("PROD-12345", "SKU-ABC-001", "EU-CENTRAL-01", 1)], T0.AddMinutes(5));

        Assert.Equal([("CART_ITEM-001", 1), ("CART_ITEM-003", 2)], after.Items.Select(i => (i.ItemId, i.Quantity)));
        Assert.Equal(T0.AddMinutes(5), after.UpdatedAt);
    }

    [Fact]
    public void Two_ordered_lines_of_the_same_stock_add_up_and_a_line_bought_whole_goes()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(3), T0);
        var after = CartRules.RemoveOrdered(cart, [new OrderedLine("PROD-12345", "SKU-ABC-001", "US-WEST-01", 1), new OrderedLine("PROD-12345", "SKU-ABC-001", "US-WEST-01", 2)], T0);
        Assert.Empty(after.Items);
    }

    [Fact]
    public void An_order_of_nothing_in_the_cart_changes_nothing()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(3), T0);
        Assert.Same(cart, CartRules.RemoveOrdered(cart, [new OrderedLine("PROD-9", "SKU-9", "US-WEST-01", 1)], T0.AddMinutes(1)));
        Assert.Same(cart, CartRules.RemoveOrdered(cart, [], T0.AddMinutes(1)));
    }

    [Fact]
    public void A_line_may_hold_exactly_the_maximum_and_a_merge_may_reach_it()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(CartRules.MaxQuantityPerLine), T0);
        Assert.Equal(CartRules.MaxQuantityPerLine, Assert.Single(cart.Items).Quantity);

        var merged = CartRules.AddItem(CartRules.AddItem(EmptyCart(), Headphones(90), T0), Headphones(9), T0);
        Assert.Equal(CartRules.MaxQuantityPerLine, Assert.Single(merged.Items).Quantity);
        var error = Assert.Throws<DomainException>(() => CartRules.AddItem(merged, Headphones(1), T0));
        Assert.Equal("quantity would make 100 of SKU-ABC-001 in the cart; at most 99 per item.", error.Message);
    }

    [Fact]
    public void Changing_one_line_leaves_the_others_as_they_were()
    {
        var cart = CartRules.AddItem(EmptyCart(), Headphones(1), T0);
        cart = CartRules.AddItem(cart, Headphones(1, "EU-CENTRAL-01"), T0);

        var changed = CartRules.UpdateQuantity(cart, "CART_ITEM-002", 5, T0);

        Assert.Equal([("CART_ITEM-001", 1), ("CART_ITEM-002", 5)], changed.Items.Select(i => (i.ItemId, i.Quantity)));
    }

    [Fact]
    public void Refusals_say_what_is_wrong_in_words_a_client_can_show()
    {
        Assert.Equal("quantity must be between 1 and 99, not 100.", Assert.Throws<DomainException>(() => CartRules.AddItem(EmptyCart(), Headphones(100), T0)).Message);
        Assert.Equal("The cart has no item CART_ITEM-404.", Assert.Throws<DomainException>(() => CartRules.RemoveItem(EmptyCart(), "CART_ITEM-404", T0)).Message);
        Assert.Null(Assert.Throws<DomainException>(() => CartRules.RemoveItem(EmptyCart(), "CART_ITEM-404", T0)).Field);
        var full = Assert.Throws<DomainException>(() => CartRules.AddItem(CartRules.AddItem(EmptyCart(), Headphones(2) with { Available = 3 }, T0), Headphones(2) with { Available = 3 }, T0));
        Assert.Equal(("OUT_OF_STOCK", "Out of stock: SKU-ABC-001 has 3 available in US-WEST-01, 4 requested (2 already in your cart)."), (full.Reason, full.Message));
    }

    [Fact]
    public void A_full_cart_names_the_limit_and_a_quantity_over_the_maximum_is_refused_on_update_too()
    {
        var cart = EmptyCart();
        for (var i = 0; i < CartRules.MaxLines; i++)
        {
            cart = CartRules.AddItem(cart, new NewLine($"PROD-{i}", $"SKU-{i}", "Thing", "US-WEST-01", 1, 100), T0);
        }

        var full = Assert.Throws<DomainException>(() => CartRules.AddItem(cart, Headphones(1), T0));
        Assert.Equal(("CART_FULL", "A cart holds at most 100 different items."), (full.Reason, full.Message));

        var over = Assert.Throws<DomainException>(() => CartRules.UpdateQuantity(cart, "CART_ITEM-001", CartRules.MaxQuantityPerLine + 1, T0));
        Assert.Equal("quantity must be between 0 and 99, not 100.", over.Message);
    }
}
