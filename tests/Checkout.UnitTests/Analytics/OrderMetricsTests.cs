using Checkout.Analytics;
using Checkout.Contracts.Analytics.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Order;
using Checkout.Platform.Money;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Analytics;

public sealed class OrderMetricsTests
{
    private readonly InMemoryStateStore _state = new();

    [Fact]
    public async Task Orders_are_counted_in_parts_and_the_query_adds_the_parts_up()
    {
        var handler = new OrderMetricsHandler(_state);
        for (var i = 0; i < 40; i++)
        {
            var created = OrderEvents.Created(Order($"ORD-{i}", 1_000 + i), DateTimeOffset.UnixEpoch).Event;
            await handler.HandleAsync(created, CancellationToken.None);
            await handler.HandleAsync(created, CancellationToken.None);
        }

        var parts = await _state.GetManyJsonAsync<OrderMetrics>(OrderMetrics.AllKeys);
        Assert.True(parts.Count > 1, "the orders are spread over several parts");
        Assert.All(parts, p => Assert.True(p.Value.OrderCount < 40));

        var metrics = await new AnalyticsGrpcService(_state).GetOrderMetrics(new GetOrderMetricsRequest(), new TestCallContext());
        Assert.Equal(40, metrics.OrderCount);
        Assert.Equal((40 * 1_000) + (39 * 40 / 2), metrics.Revenue.MinorUnits);
        Assert.Equal(1_020, metrics.AverageOrderValue.MinorUnits);
    }

    private static Contracts.Order.V1.Order Order(string id, long totalCents)
    {
        var order = new Contracts.Order.V1.Order
        {
            OrderId = id,
            OrderNumber = $"N-{id}",
            CustomerId = "CUST-1",
            Pricing = new OrderPricing { Subtotal = MoneyExtensions.Cents(totalCents), TotalDiscounts = MoneyExtensions.Cents(0), Shipping = MoneyExtensions.Cents(0), Tax = MoneyExtensions.Cents(0), Total = MoneyExtensions.Cents(totalCents) },
            ShippingAddress = new Contracts.Common.V1.Address { Street = "1 Main St", City = "Austin", State = "TX", ZipCode = "73301", Country = "US" },
            Payment = new OrderPayment { Method = "credit_card", TransactionId = "txn" },
            Shipping = new OrderShipping { Method = "standard", WarehouseId = "US-WEST-01" },
        };
        order.Items.Add(new OrderItem { ProductId = "PROD-1", Sku = "SKU-1", Name = "A thing", Quantity = 1, UnitPrice = MoneyExtensions.Cents(totalCents), TotalPrice = MoneyExtensions.Cents(totalCents) });
        return order;
    }
}
