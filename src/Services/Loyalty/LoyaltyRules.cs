using Checkout.Platform.State;

namespace Checkout.Loyalty;

/// <summary>
/// The loyalty programme's rules, in one place:
/// <list type="bullet">
/// <item>a point is worth one cent (100 points = 1.00 USD);</item>
/// <item>an order may pay at most <see cref="MaxRedemptionPercent"/> % of its goods (after promotions) with points, and never more points than the balance;</item>
/// <item>a paid order earns one point per whole dollar of its total;</item>
/// <item>tiers: bronze (no benefits), silver (free standard shipping), gold (free standard shipping and 5 % off goods).</item>
/// </list>
/// </summary>
public static class LoyaltyRules
{
    public const long CentsPerPoint = 1;
    public const int MaxRedemptionPercent = 50;

    public static readonly IReadOnlyDictionary<string, TierBenefitsRecord> Tiers = new Dictionary<string, TierBenefitsRecord>
    {
        ["bronze"] = new(FreeShipping: false, DiscountPercentage: 0),
        ["silver"] = new(FreeShipping: true, DiscountPercentage: 0),
        ["gold"] = new(FreeShipping: true, DiscountPercentage: 5),
    };

    public static long ValueOf(int points) => points * CentsPerPoint;

    /// <summary>The points an order may use: what is wanted, limited by the balance and by the share of the eligible amount.</summary>
    public static int Redeemable(int wanted, int balance, long eligibleCents)
    {
        var byShare = eligibleCents * MaxRedemptionPercent / 100 / CentsPerPoint;
        return (int)Math.Max(0, Math.Min(Math.Min(wanted, balance), byShare));
    }

    public static int Earned(long orderTotalCents) => (int)Math.Max(0, orderTotalCents / 100);

    public static TierBenefitsRecord BenefitsOf(string tier) => Tiers.GetValueOrDefault(tier) ?? Tiers["bronze"];
}

public sealed record TierBenefitsRecord(bool FreeShipping, int DiscountPercentage);

/// <summary>
/// A member's account (key <c>loyalty:{customerId}</c>): the balance, and the points orders
/// being paid have set aside from it. Set-aside points are not available to anyone else
/// until they are spent, released, or lapse at <see cref="PointsHold.Until"/>.
/// </summary>
public sealed record LoyaltyAccount(string CustomerId, string Tier, int Points, IReadOnlyDictionary<string, PointsHold>? Holds = null) : IImmutableState
{
    public static string Key(string customerId) => $"loyalty:{customerId}";

    public IReadOnlyDictionary<string, PointsHold> HeldBy => Holds ?? new Dictionary<string, PointsHold>();

    /// <summary>The balance less what other orders' live holds set aside.</summary>
    public int Available(DateTimeOffset now, string? exceptOrderId = null) =>
        Points - HeldBy.Where(h => h.Key != exceptOrderId && h.Value.Until > now).Sum(h => h.Value.Points);

    /// <summary>Sets <paramref name="points"/> aside for <paramref name="orderId"/>; lapsed holds are dropped on the way.</summary>
    public LoyaltyAccount Hold(string orderId, int points, DateTimeOffset until, DateTimeOffset now) =>
        this with { Holds = HeldBy.Where(h => h.Value.Until > now && h.Key != orderId).Append(new(orderId, new PointsHold(points, until))).ToDictionary() };

    public LoyaltyAccount Release(string orderId) =>
        HeldBy.ContainsKey(orderId) ? this with { Holds = HeldBy.Where(h => h.Key != orderId).ToDictionary() } : this;
}

/// <summary>Points set aside for one order while it is being paid.</summary>
public sealed record PointsHold(int Points, DateTimeOffset Until) : IImmutableState;

/// <summary>What settling an order did (key <c>settled:{orderId}</c>), returned again on a retry.</summary>
public sealed record Settlement(string OrderId, int PointsEarned, int PointsUsed, int NewBalance) : IImmutableState
{
    public static string Key(string orderId) => $"settled:{orderId}";
}
