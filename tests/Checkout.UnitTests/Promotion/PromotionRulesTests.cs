using Checkout.Promotion;

namespace Checkout.UnitTests.Promotion;

public sealed class PromotionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static PromotionDefinition Promo(
        string code,
        PromotionKind kind = PromotionKind.Percentage,
        long value = 20,
        long? cap = null,
        long min = 0,
        int? total = null,
        int? perCustomer = null,
        bool stackable = false,
        string[]? categories = null,
        DateTimeOffset? from = null,
        DateTimeOffset? until = null) =>
        new(code, code, kind, value, cap, min, from ?? Now.AddDays(-1), until ?? Now.AddDays(1), total, perCustomer, stackable, categories ?? []);

    private static readonly IReadOnlyList<PromotionLineItem> Headphones = [new("SKU-ABC-001", "audio", 49998)];

    private static PromotionResult One(PromotionDefinition promotion, PromotionUsage? usage = null, IReadOnlyList<PromotionLineItem>? lines = null) =>
        PromotionRules.EvaluateOne(promotion, usage ?? PromotionUsage.None, lines ?? Headphones, "CUST-1", Now);

    private static IReadOnlyList<PromotionResult> Many(string[] codes, params PromotionDefinition[] promotions) =>
        PromotionRules.Evaluate(codes, promotions.ToDictionary(p => p.Code), new Dictionary<string, PromotionUsage>(), Headphones, "CUST-1", Now);

    [Fact]
    public void A_percentage_is_taken_of_the_goods_and_rounded_to_a_cent() =>
        Assert.Equal(10000, One(Promo("P20")).DiscountCents); // 20% of 499.98 = 99.996

    [Fact]
    public void A_percentage_stops_at_its_cap() =>
        Assert.Equal(7500, One(Promo("SUMMER", cap: 7500)).DiscountCents);

    [Fact]
    public void A_fixed_amount_is_taken_as_is_but_never_beyond_the_goods()
    {
        Assert.Equal(1000, One(Promo("TEN", PromotionKind.FixedAmount, 1000)).DiscountCents);
        Assert.Equal(49998, One(Promo("HUGE", PromotionKind.FixedAmount, 100000)).DiscountCents);
    }

    [Fact]
    public void Below_the_minimum_subtotal_the_code_does_not_apply()
    {
        var result = One(Promo("MIN", min: 50000));
        Assert.False(result.Applicable);
        Assert.Contains("500.00", result.Reason);
    }

    [Fact]
    public void Outside_its_dates_the_code_does_not_apply()
    {
        Assert.Contains("starts", One(Promo("SOON", from: Now.AddDays(1), until: Now.AddDays(2))).Reason);
        Assert.Contains("expired", One(Promo("OLD", from: Now.AddDays(-10), until: Now)).Reason);
    }

    [Fact]
    public void Usage_limits_count_in_total_and_per_customer()
    {
        var usedTwice = PromotionUsage.None.Add("ORD-1", "CUST-1").Add("ORD-2", "CUST-2");
        Assert.False(One(Promo("TOTAL2", total: 2), usedTwice).Applicable);
        Assert.True(One(Promo("TOTAL3", total: 3), usedTwice).Applicable);
        Assert.False(One(Promo("ONCE", perCustomer: 1), usedTwice).Applicable);
        Assert.True(PromotionRules.EvaluateOne(Promo("ONCE", perCustomer: 1), usedTwice, Headphones, "CUST-3", Now).Applicable);
    }

    [Fact]
    public void A_live_hold_counts_against_the_limits_like_a_use_and_a_lapsed_one_does_not()
    {
        var held = PromotionUsage.None.Hold("ORD-1", "CUST-1", until: Now.AddMinutes(15), now: Now);

        Assert.Equal((1, 1), (held.AsOf(Now).Total, held.AsOf(Now).ByThisCustomer("CUST-1")));
        Assert.Equal(0, held.AsOf(Now.AddMinutes(15)).Total);
        Assert.Equal(0, held.AsOf(Now, exceptOrderId: "ORD-1").Total);
        Assert.Equal("ONCE can be used 1 time(s) per customer.", PromotionRules.LimitReached(Promo("ONCE", perCustomer: 1), held.AsOf(Now), "CUST-1"));
        Assert.Null(PromotionRules.LimitReached(Promo("ONCE", perCustomer: 1), held.AsOf(Now), "CUST-2"));
        Assert.Equal("TOTAL1 has been used up.", PromotionRules.LimitReached(Promo("TOTAL1", total: 1), held.AsOf(Now), "CUST-2"));
    }

    [Fact]
    public void A_hold_is_released_or_becomes_a_use_exactly_once()
    {
        var held = PromotionUsage.None.Hold("ORD-1", "CUST-1", Now.AddMinutes(15), Now).Hold("ORD-2", "CUST-2", Now.AddMinutes(15), Now);

        var released = held.Release("ORD-1");
        Assert.Equal(["ORD-2"], released.HeldBy.Keys);
        Assert.Same(released, released.Release("ORD-1"));

        var paid = held.Add("ORD-2", "CUST-2");
        Assert.Equal(["ORD-1"], paid.HeldBy.Keys);
        Assert.Equal((1, 1), (paid.Total, paid.ByThisCustomer("CUST-2")));
        Assert.Equal(2, paid.AsOf(Now).Total);
    }

    [Fact]
    public void Holding_drops_lapsed_holds()
    {
        var old = PromotionUsage.None.Hold("ORD-1", "CUST-1", Now.AddMinutes(1), Now);
        Assert.Equal(["ORD-2"], old.Hold("ORD-2", "CUST-2", Now.AddMinutes(16), Now.AddMinutes(1)).HeldBy.Keys);
    }

    [Fact]
    public void A_category_promotion_counts_only_its_categories()
    {
        IReadOnlyList<PromotionLineItem> mixed = [new("SKU-A", "audio", 10000), new("SKU-B", "books", 5000)];
        Assert.Equal(1500, One(Promo("AUDIO15", value: 15, categories: ["audio"]), lines: mixed).DiscountCents);
        Assert.False(One(Promo("TOYS", categories: ["toys"]), lines: mixed).Applicable);
    }

    [Fact]
    public void Only_one_non_stackable_code_applies()
    {
        var results = Many(["A", "B"], Promo("A", value: 10), Promo("B", value: 20));
        Assert.True(results[0].Applicable);
        Assert.False(results[1].Applicable);
        Assert.Contains("cannot be combined with A", results[1].Reason);
    }

    [Fact]
    public void Stackable_codes_combine_with_anything()
    {
        var results = Many(["A", "S"], Promo("A", value: 10), Promo("S", PromotionKind.FixedAmount, 500, stackable: true));
        Assert.All(results, r => Assert.True(r.Applicable));
        Assert.Equal(5000 + 500, results.Sum(r => r.DiscountCents));
    }

    [Fact]
    public void Together_discounts_never_exceed_the_subtotal()
    {
        var results = Many(["A", "S"], Promo("A", PromotionKind.FixedAmount, 40000), Promo("S", PromotionKind.FixedAmount, 40000, stackable: true));
        Assert.Equal(49998, results.Sum(r => r.DiscountCents));
    }

    [Fact]
    public void An_unknown_code_says_so()
    {
        var result = Assert.Single(Many(["NOPE"]));
        Assert.False(result.Applicable);
        Assert.Contains("not a valid", result.Reason);
    }

    [Fact]
    public void Codes_are_case_insensitive_and_counted_once() =>
        Assert.Single(Many(["a", " A "], Promo("A")));

    [Fact]
    public void A_code_applies_from_its_first_moment_and_at_exactly_its_minimum()
    {
        Assert.True(One(Promo("START", from: Now, until: Now.AddDays(1))).Applicable);
        var atMinimum = One(Promo("MIN", min: 49998));
        Assert.True(atMinimum.Applicable);
        Assert.Equal(string.Empty, atMinimum.Reason);
    }

    [Fact]
    public void A_code_for_other_categories_names_them()
    {
        var result = One(Promo("TOYS", categories: ["toys", "games"]));
        Assert.Equal(("TOYS applies to toys, games only.", 0L), (result.Reason, result.DiscountCents));
    }

    [Fact]
    public void An_unknown_code_is_named_with_nothing_taken()
    {
        var result = Assert.Single(Many(["NOPE"]));
        Assert.Equal(("NOPE", string.Empty, "NOPE is not a valid promotion code.", 0L), (result.Code, result.Description, result.Reason, result.DiscountCents));
    }

    [Fact]
    public void Among_several_codes_one_that_does_not_apply_on_its_own_is_reported_and_takes_nothing()
    {
        var results = Many(["MIN", "A"], Promo("MIN", min: 100000), Promo("A", value: 10));
        Assert.False(results[0].Applicable);
        Assert.Contains("needs 1000.00", results[0].Reason);
        Assert.True(results[1].Applicable);
        Assert.Equal(5000, results[1].DiscountCents);
    }

    [Fact]
    public void A_refused_second_exclusive_code_leaves_the_first_one_as_the_exclusive_one()
    {
        var results = Many(["A", "B", "C"], Promo("A", value: 10), Promo("B", value: 20), Promo("C", value: 30));
        Assert.Equal([true, false, false], results.Select(r => r.Applicable));
        Assert.Contains("cannot be combined with A", results[2].Reason);
        Assert.Equal([5000L, 0L, 0L], results.Select(r => r.DiscountCents));
    }

    [Fact]
    public void Discounts_together_stop_at_the_subtotal_of_every_line()
    {
        IReadOnlyList<PromotionLineItem> two = [new("SKU-A", "audio", 30000), new("SKU-B", "audio", 20000)];
        var results = PromotionRules.Evaluate(
            ["A", "S"],
            new[] { Promo("A", PromotionKind.FixedAmount, 40000), Promo("S", PromotionKind.FixedAmount, 40000, stackable: true) }.ToDictionary(p => p.Code),
            new Dictionary<string, PromotionUsage>(),
            two,
            "CUST-1",
            Now);
        Assert.Equal([40000L, 10000L], results.Select(r => r.DiscountCents));
    }

    [Fact]
    public void Evaluating_several_codes_counts_each_codes_own_usage()
    {
        var usage = new Dictionary<string, PromotionUsage> { ["ONCE"] = PromotionUsage.None.Add("ORD-1", "CUST-1") };
        var results = PromotionRules.Evaluate(["ONCE"], new[] { Promo("ONCE", perCustomer: 1) }.ToDictionary(p => p.Code), usage, Headphones, "CUST-1", Now);
        Assert.False(Assert.Single(results).Applicable);
    }

    [Fact]
    public void Usage_and_holds_are_kept_under_their_own_keys()
    {
        Assert.Equal("usage:FLASH50", PromotionUsage.Key("FLASH50"));
        Assert.Equal("holds-of:ORD-1", HeldCodes.Key("ORD-1"));
    }

    [Fact]
    public void A_stackable_code_first_leaves_room_for_one_exclusive_code()
    {
        var results = Many(["S", "A"], Promo("S", PromotionKind.FixedAmount, 500, stackable: true), Promo("A", value: 10));
        Assert.All(results, r => Assert.True(r.Applicable));
    }
}
