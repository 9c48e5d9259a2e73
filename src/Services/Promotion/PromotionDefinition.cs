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

/// <summary>How often a code was used (key <c>usage:{code}</c>).</summary>
public sealed record PromotionUsage(int Total, IReadOnlyDictionary<string, int> ByCustomer)
{
    public static readonly PromotionUsage None = new(0, new Dictionary<string, int>());

    public static string Key(string code) => $"usage:{code}";

    public int ByThisCustomer(string customerId) => ByCustomer.GetValueOrDefault(customerId);

    public PromotionUsage Add(string customerId) =>
        new(Total + 1, new Dictionary<string, int>(ByCustomer) { [customerId] = ByThisCustomer(customerId) + 1 });
}

public sealed record PromotionLineItem(string Sku, string Category, long LineTotalCents);

/// <summary>The outcome for one code: its discount, or why it does not apply.</summary>
public sealed record PromotionResult(string Code, string Description, long DiscountCents, bool Applicable, string Reason);
