using Checkout.Loyalty;

namespace Checkout.UnitTests.Loyalty;

public sealed class LoyaltyRulesTests
{
    [Fact]
    public void Points_are_worth_a_cent_each_as_in_the_seed()
    {
        Assert.Equal(1250, LoyaltyRules.ValueOf(1250)); // 1250 points = 12.50
        Assert.Equal(500, LoyaltyRules.ValueOf(500));
    }

    [Theory]
    [InlineData(500, 1250, 40000, 500)]   // as wanted
    [InlineData(2000, 1250, 400000, 1250)] // limited by the balance
    [InlineData(5000, 10000, 4000, 2000)]  // limited to half of the eligible goods
    [InlineData(500, 0, 40000, 0)]
    [InlineData(0, 1250, 40000, 0)]
    public void Redemption_is_limited_by_balance_and_share(int wanted, int balance, long eligible, int expected) =>
        Assert.Equal(expected, LoyaltyRules.Redeemable(wanted, balance, eligible));

    [Theory]
    [InlineData(47117, 471)] // the seed: 471.17 earns 471
    [InlineData(99, 0)]
    [InlineData(100, 1)]
    public void One_point_per_whole_dollar_is_earned(long total, int expected) =>
        Assert.Equal(expected, LoyaltyRules.Earned(total));

    [Fact]
    public void Tiers_give_their_benefits_and_unknown_tiers_none()
    {
        Assert.Equal(new TierBenefitsRecord(true, 5), LoyaltyRules.BenefitsOf("gold"));
        Assert.Equal(new TierBenefitsRecord(true, 0), LoyaltyRules.BenefitsOf("silver"));
        Assert.Equal(new TierBenefitsRecord(false, 0), LoyaltyRules.BenefitsOf("platinum?"));
    }

    [Fact]
    public void Points_set_aside_by_other_orders_are_not_available_until_they_lapse()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var account = new LoyaltyAccount("CUST-1", "gold", 1250).Hold("ORD-1", 1000, now.AddMinutes(15), now);

        Assert.Equal(250, account.Available(now));
        Assert.Equal(1250, account.Available(now, exceptOrderId: "ORD-1"));
        Assert.Equal(1250, account.Available(now.AddMinutes(15)));
        Assert.Equal(1250, account.Release("ORD-1").Available(now));
        Assert.Equal(1250, account.Points);
    }

    [Fact]
    public void Setting_aside_again_replaces_the_orders_hold_and_drops_lapsed_ones()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var account = new LoyaltyAccount("CUST-1", "gold", 1250)
            .Hold("ORD-OLD", 100, now.AddMinutes(1), now)
            .Hold("ORD-1", 300, now.AddMinutes(15), now)
            .Hold("ORD-1", 200, now.AddMinutes(20), now.AddMinutes(2));

        Assert.Equal(["ORD-1"], account.HeldBy.Keys);
        Assert.Equal(1050, account.Available(now.AddMinutes(2)));
    }

    [Fact]
    public void Setting_aside_for_another_order_keeps_every_live_hold_and_drops_one_that_ended_this_tick()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var account = new LoyaltyAccount("CUST-1", "gold", 1250)
            .Hold("ORD-ENDS", 50, now.AddMinutes(1), now)
            .Hold("ORD-A", 100, now.AddMinutes(15), now)
            .Hold("ORD-B", 200, now.AddMinutes(15), now.AddMinutes(1));

        Assert.Equal(["ORD-A", "ORD-B"], account.HeldBy.Keys.Order());
        Assert.Equal(950, account.Available(now.AddMinutes(1)));
    }

    [Fact]
    public void Releasing_an_order_that_holds_nothing_changes_nothing()
    {
        var account = new LoyaltyAccount("CUST-1", "gold", 1250);
        Assert.Same(account, account.Release("ORD-NONE"));
    }

    [Fact]
    public void Accounts_and_settlements_are_kept_under_their_own_keys()
    {
        Assert.Equal("loyalty:CUST-1", LoyaltyAccount.Key("CUST-1"));
        Assert.Equal("settled:ORD-1", Settlement.Key("ORD-1"));
    }
}
