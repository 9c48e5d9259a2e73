namespace Checkout.Order;

/// <summary>What Order stores, and under which keys.</summary>
public static class OrderKeys
{
    /// <summary>The order itself (checkout.order.v1.Order as JSON).</summary>
    public static string Order(string orderId) => $"order:{orderId}";

    /// <summary>The customer's order ids, newest first.</summary>
    public static string CustomerIndex(string customerId) => $"orders-of:{customerId}";

    /// <summary>The order-number counter of a year.</summary>
    public static string Sequence(int year) => $"order-seq:{year}";
}

public sealed record CustomerOrders(IReadOnlyList<string> OrderIds);

public sealed record OrderSequence(long Last);
