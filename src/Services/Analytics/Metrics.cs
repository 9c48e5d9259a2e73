namespace Checkout.Analytics;

/// <summary>Order metrics across the shop (key <c>metrics:orders</c>).</summary>
public sealed record OrderMetrics(int OrderCount, long RevenueCents)
{
    public const string Key = "metrics:orders";
}

/// <summary>One customer's buying behaviour (key <c>behavior:{customerId}</c>).</summary>
public sealed record CustomerBehavior(int OrderCount, long TotalSpentCents, DateTimeOffset LastOrderAt)
{
    public static string Key(string customerId) => $"behavior:{customerId}";
}

/// <summary>One product's performance (key <c>product:{productId}</c>).</summary>
public sealed record ProductPerformance(int UnitsSold, long RevenueCents)
{
    public static string Key(string productId) => $"product:{productId}";
}
