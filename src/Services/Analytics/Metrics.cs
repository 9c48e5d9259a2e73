using Checkout.Platform.State;

namespace Checkout.Analytics;

/// <summary>
/// Order metrics across the shop, in <see cref="Shards"/> parts (keys
/// <c>metrics:orders:{n}</c>): each order adds to the part its id falls in, so orders
/// counted at the same moment rarely write the same key, and a query adds the parts up.
/// </summary>
public sealed record OrderMetrics(int OrderCount, long RevenueCents) : IImmutableState
{
    public const int Shards = 16;

    public static readonly OrderMetrics None = new(0, 0);

    public static string Key(int shard) => $"metrics:orders:{shard}";

    public static string KeyOf(string orderId) => Key(KeyShards.Of(orderId, Shards));

    public static IReadOnlyList<string> AllKeys { get; } = [.. Enumerable.Range(0, Shards).Select(Key)];

    public OrderMetrics Add(OrderMetrics other) => new(OrderCount + other.OrderCount, RevenueCents + other.RevenueCents);
}

/// <summary>One customer's buying behaviour (key <c>behavior:{customerId}</c>).</summary>
public sealed record CustomerBehavior(int OrderCount, long TotalSpentCents, DateTimeOffset LastOrderAt) : IImmutableState
{
    public static string Key(string customerId) => $"behavior:{customerId}";
}

/// <summary>One product's performance (key <c>product:{productId}</c>).</summary>
public sealed record ProductPerformance(int UnitsSold, long RevenueCents) : IImmutableState
{
    public static string Key(string productId) => $"product:{productId}";
}
