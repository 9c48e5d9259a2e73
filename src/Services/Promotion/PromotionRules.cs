using Checkout.Platform.Money;

namespace Checkout.Promotion;

/// <summary>
/// The rules of promotion codes, in one place:
/// <list type="bullet">
/// <item>a code applies between its validity dates, when the eligible goods (its categories, or all) reach its minimum subtotal, and while its total and per-customer usage limits are not reached;</item>
/// <item>a percentage is taken of the eligible goods, rounded to a cent, and capped; a fixed amount is taken as is; neither exceeds the eligible goods;</item>
/// <item>at most one non-stackable code per order; stackable codes combine with anything;</item>
/// <item>codes apply in the order given, and all discounts together never exceed the subtotal.</item>
/// </list>
/// </summary>
public static class PromotionRules
{
    public static IReadOnlyList<PromotionResult> Evaluate(
        IReadOnlyList<string> codes,
        IReadOnlyDictionary<string, PromotionDefinition> definitions,
        IReadOnlyDictionary<string, PromotionUsage> usage,
        IReadOnlyList<PromotionLineItem> lines,
        string customerId,
        DateTimeOffset now)
    {
        var results = new List<PromotionResult>();
        var subtotal = lines.Sum(l => l.LineTotalCents);
        var discounted = 0L;
        string? exclusive = null;
        foreach (var code in codes.Select(c => c.Trim().ToUpperInvariant()).Distinct())
        {
            if (!definitions.TryGetValue(code, out var definition))
            {
                results.Add(new PromotionResult(code, string.Empty, 0, false, $"{code} is not a valid promotion code."));
                continue;
            }

            var alone = EvaluateOne(definition, usage.GetValueOrDefault(code) ?? PromotionUsage.None, lines, customerId, now);
            if (!alone.Applicable)
            {
                results.Add(alone);
                continue;
            }

            if (!definition.Stackable && exclusive is not null)
            {
                results.Add(alone with { DiscountCents = 0, Applicable = false, Reason = $"{code} cannot be combined with {exclusive}." });
                continue;
            }

            var discount = Math.Min(alone.DiscountCents, subtotal - discounted);
            discounted += discount;
            exclusive = definition.Stackable ? exclusive : code;
            results.Add(alone with { DiscountCents = discount });
        }

        return results;
    }

    /// <summary>Why one more use by <paramref name="customerId"/> would break a usage limit, or null when it would not.</summary>
    public static string? LimitReached(PromotionDefinition promotion, PromotionUsage usage, string customerId)
    {
        if (promotion.TotalLimit is { } total && usage.Total >= total)
        {
            return $"{promotion.Code} has been used up.";
        }

        if (promotion.PerCustomerLimit is { } perCustomer && usage.ByThisCustomer(customerId) >= perCustomer)
        {
            return $"{promotion.Code} can be used {perCustomer} time(s) per customer.";
        }

        return null;
    }

    /// <summary>One code on its own: applicable or not, and the discount it would give.</summary>
    public static PromotionResult EvaluateOne(PromotionDefinition promotion, PromotionUsage usage, IReadOnlyList<PromotionLineItem> lines, string customerId, DateTimeOffset now)
    {
        PromotionResult No(string reason) => new(promotion.Code, promotion.Description, 0, false, reason);

        if (now < promotion.ValidFrom)
        {
            return No($"{promotion.Code} starts on {promotion.ValidFrom:yyyy-MM-dd}.");
        }

        if (now >= promotion.ValidUntil)
        {
            return No($"{promotion.Code} expired on {promotion.ValidUntil:yyyy-MM-dd}.");
        }

        if (LimitReached(promotion, usage, customerId) is { } limit)
        {
            return No(limit);
        }

        var eligible = lines
            .Where(l => promotion.Categories.Count == 0 || promotion.Categories.Contains(l.Category, StringComparer.OrdinalIgnoreCase))
            .Sum(l => l.LineTotalCents);
        if (eligible == 0)
        {
            return No($"{promotion.Code} applies to {string.Join(", ", promotion.Categories)} only.");
        }

        if (eligible < promotion.MinSubtotalCents)
        {
            return No($"{promotion.Code} needs {MoneyExtensions.ToJsonNumber(promotion.MinSubtotalCents):0.00} of eligible goods.");
        }

        var discount = promotion.Kind == PromotionKind.Percentage
            ? MoneyRounding.Percent(eligible, promotion.Value)
            : promotion.Value;
        if (promotion.CapCents is { } cap)
        {
            discount = Math.Min(discount, cap);
        }

        return new PromotionResult(promotion.Code, promotion.Description, Math.Min(discount, eligible), true, string.Empty);
    }
}
