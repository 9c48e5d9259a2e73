namespace Checkout.Promotion;

/// <summary>The promotion codes the shop runs (code-defined: campaigns ship with the release that announces them).</summary>
public static class PromotionCatalog
{
    private static DateTimeOffset Date(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, PromotionDefinition> All = new[]
    {
        new PromotionDefinition("SUMMER2024", "Summer Sale - 20% off", PromotionKind.Percentage, 20, CapCents: 7500, MinSubtotalCents: 10000,
            Date(2024, 6, 1), Date(2028, 1, 1), TotalLimit: null, PerCustomerLimit: null, Stackable: false, Categories: []),
        new PromotionDefinition("WELCOME10", "$10 off your first order over $50", PromotionKind.FixedAmount, 1000, CapCents: null, MinSubtotalCents: 5000,
            Date(2024, 1, 1), Date(2028, 1, 1), TotalLimit: null, PerCustomerLimit: 1, Stackable: false, Categories: []),
        new PromotionDefinition("AUDIO15", "15% off audio, up to $50", PromotionKind.Percentage, 15, CapCents: 5000, MinSubtotalCents: 0,
            Date(2024, 1, 1), Date(2028, 1, 1), TotalLimit: 1000, PerCustomerLimit: null, Stackable: false, Categories: ["audio"]),
        new PromotionDefinition("BUNDLE5", "$5 off orders over $150; combines with other codes", PromotionKind.FixedAmount, 500, CapCents: null, MinSubtotalCents: 15000,
            Date(2024, 1, 1), Date(2028, 1, 1), TotalLimit: null, PerCustomerLimit: null, Stackable: true, Categories: []),
        new PromotionDefinition("FLASH50", "Flash sale - 50% off, first 3 orders only", PromotionKind.Percentage, 50, CapCents: 10000, MinSubtotalCents: 0,
            Date(2024, 1, 1), Date(2028, 1, 1), TotalLimit: 3, PerCustomerLimit: null, Stackable: false, Categories: []),
        new PromotionDefinition("SPRING2023", "Spring 2023 - 10% off", PromotionKind.Percentage, 10, CapCents: null, MinSubtotalCents: 0,
            Date(2023, 3, 1), Date(2023, 6, 1), TotalLimit: null, PerCustomerLimit: null, Stackable: false, Categories: []),
    }.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);
}
