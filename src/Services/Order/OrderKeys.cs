using Checkout.Platform.State;

namespace Checkout.Order;

/// <summary>What Order stores, and under which keys.</summary>
public static class OrderKeys
{
    /// <summary>The order itself (checkout.order.v1.Order as JSON).</summary>
    public static string Order(string orderId) => $"order:{orderId}";

    /// <summary>The newest page of a customer's order ids (see <see cref="CustomerOrders"/>).</summary>
    public static string CustomerIndex(string customerId) => $"orders-of:{customerId}";

    /// <summary>An older, full page of a customer's order ids; pages count from 0, the oldest.</summary>
    public static string CustomerIndexPage(string customerId, int page) => $"orders-of:{customerId}:{page}";

    /// <summary>The last order number reserved in a year (see <see cref="OrderNumbers"/>).</summary>
    public static string Sequence(int year) => $"order-seq:{year}";
}

/// <summary>
/// The newest page of a customer's order ids, newest first, and how many full pages are
/// archived before it. A new order goes to the front; when the page holds
/// <see cref="PageSize"/> ids it is archived whole and a new page starts, so each order
/// writes a page of bounded size however many orders the customer has.
/// </summary>
public sealed record CustomerOrders(IReadOnlyList<string> OrderIds, int ArchivedPages = 0) : IImmutableState
{
    public const int PageSize = 50;

    public static readonly CustomerOrders None = new([]);

    /// <summary>The page with <paramref name="orderId"/> added, and the full page to archive (as page <see cref="ArchivedPages"/>) first, if any.</summary>
    public (CustomerOrders Head, IReadOnlyList<string>? Archive) With(string orderId) =>
        OrderIds.Count < PageSize
            ? (this with { OrderIds = [orderId, .. OrderIds] }, null)
            : (new CustomerOrders([orderId], ArchivedPages + 1), OrderIds);
}

public sealed record OrderSequence(long Last) : IImmutableState;
