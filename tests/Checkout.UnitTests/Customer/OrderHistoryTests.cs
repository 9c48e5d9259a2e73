using Checkout.Customer;

namespace Checkout.UnitTests.Customer;

public sealed class OrderHistoryTests
{
    [Fact]
    public void Keeps_the_newest_ids_oldest_first_and_counts_every_order()
    {
        var history = OrderHistory.Empty;
        for (var i = 1; i <= OrderHistory.Recent + 5; i++)
        {
            history = history.With($"ORD-{i}", 1_000);
        }

        Assert.Equal(Enumerable.Range(6, OrderHistory.Recent).Select(i => $"ORD-{i}"), history.OrderIds);
        Assert.Equal(OrderHistory.Recent + 5, history.Count);
        Assert.Equal((OrderHistory.Recent + 5) * 1_000, history.LifetimeValueCents);
    }

    [Fact]
    public void The_same_order_twice_counts_once()
    {
        var once = OrderHistory.Empty.With("ORD-1", 2_500);

        Assert.Same(once, once.With("ORD-1", 2_500));
    }

    [Fact]
    public void A_record_from_before_the_count_counts_its_ids()
    {
        var old = new OrderHistory(["ORD-1", "ORD-2", "ORD-3"], 3_000);

        Assert.Equal(3, old.Count);
        Assert.Equal(4, old.With("ORD-4", 1_000).Count);
    }
}
