using Checkout.Platform.State;

namespace Checkout.Promotion;

public enum PromotionKind
{
    /// <summary><see cref="PromotionDefinition.Value"/> is a percentage of the eligible goods, up to <see cref="PromotionDefinition.CapCents"/>.</summary>
    Percentage,

    /// <summary><see cref="PromotionDefinition.Value"/> is an amount in cents.</summary>
    FixedAmount,
}

/// <summary>A promotion code and its conditions.</summary>
public sealed record PromotionDefinition(
    string Code,
    string Description,
    PromotionKind Kind,
    long Value,
    long? CapCents,
    long MinSubtotalCents,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    int? TotalLimit,
    int? PerCustomerLimit,
    bool Stackable,
    IReadOnlyList<string> Categories);

/// <summary>
/// How often a code was used by paid orders, and which orders hold a use while they are
/// being paid (key <c>usage:{code}</c>). A hold counts against the limits like a use, so
/// two orders can never both take the last one; it is given back if the payment fails and
/// lapses at <see cref="PromotionHold.Until"/> if nothing ever settles it. Each customer's
/// paid uses are stored apart (<see cref="CustomerUses"/>), so this record stays the same
/// size however many customers use the code; <see cref="ByCustomer"/> holds, as the limits
/// see it, the counts of the customer being priced (and, in a record stored before, every
/// customer's).
/// </summary>
public sealed record PromotionUsage(int Total, IReadOnlyDictionary<string, int> ByCustomer, IReadOnlyDictionary<string, PromotionHold>? Holds = null) : IImmutableState
{
    public static readonly PromotionUsage None = new(0, new Dictionary<string, int>());

    public static string Key(string code) => $"usage:{code}";

    public IReadOnlyDictionary<string, PromotionHold> HeldBy => Holds ?? new Dictionary<string, PromotionHold>();

    public int ByThisCustomer(string customerId) => ByCustomer.GetValueOrDefault(customerId);

    /// <summary>The usage as the limits see it for <paramref name="customerId"/>, with their paid uses stored apart added in.</summary>
    public PromotionUsage For(string customerId, int customerUses) =>
        customerUses == 0 ? this : this with { ByCustomer = new Dictionary<string, int>(ByCustomer) { [customerId] = ByThisCustomer(customerId) + customerUses } };

    /// <summary>The uses that count at <paramref name="now"/>: paid ones and holds not yet lapsed, except <paramref name="exceptOrderId"/>'s own.</summary>
    public PromotionUsage AsOf(DateTimeOffset now, string? exceptOrderId = null)
    {
        var live = HeldBy.Where(h => h.Value.Until > now && h.Key != exceptOrderId).Select(h => h.Value).ToList();
        var byCustomer = new Dictionary<string, int>(ByCustomer);
        foreach (var hold in live)
        {
            byCustomer[hold.CustomerId] = byCustomer.GetValueOrDefault(hold.CustomerId) + 1;
        }

        return new PromotionUsage(Total + live.Count, byCustomer);
    }

    /// <summary>Order <paramref name="orderId"/> holds a use until <paramref name="until"/>; lapsed holds are dropped on the way.</summary>
    public PromotionUsage Hold(string orderId, string customerId, DateTimeOffset until, DateTimeOffset now) =>
        this with { Holds = LiveHolds(now).Append(new(orderId, new PromotionHold(customerId, until))).ToDictionary() };

    /// <summary>The order's hold is given back (its payment failed); no hold, no change.</summary>
    public PromotionUsage Release(string orderId) =>
        HeldBy.ContainsKey(orderId) ? this with { Holds = HeldBy.Where(h => h.Key != orderId).ToDictionary() } : this;

    /// <summary>The order is paid: its hold, if it still has one, becomes a use.</summary>
    public PromotionUsage Add(string orderId, string customerId) =>
        Release(orderId) with { Total = Total + 1, ByCustomer = new Dictionary<string, int>(ByCustomer) { [customerId] = ByThisCustomer(customerId) + 1 } };

    private IEnumerable<KeyValuePair<string, PromotionHold>> LiveHolds(DateTimeOffset now) => HeldBy.Where(h => h.Value.Until > now);
}

/// <summary>How many paid orders of one customer used a code (key <c>usage:{code}:{customerId}</c>).</summary>
public sealed record CustomerUses(int Count) : IImmutableState
{
    public static string Key(string code, string customerId) => $"usage:{code}:{customerId}";
}

/// <summary>An order's claim on one use of a code while it is being paid.</summary>
public sealed record PromotionHold(string CustomerId, DateTimeOffset Until) : IImmutableState;

public sealed record PromotionLineItem(string Sku, string Category, long LineTotalCents);

/// <summary>The outcome for one code: its discount, or why it does not apply.</summary>
public sealed record PromotionResult(string Code, string Description, long DiscountCents, bool Applicable, string Reason);

/// <summary>The codes an order holds uses of (key <c>holds-of:{orderId}</c>), so releasing needs only the order id.</summary>
public sealed record HeldCodes(IReadOnlyList<string> Codes) : IImmutableState
{
    public static string Key(string orderId) => $"holds-of:{orderId}";
}
