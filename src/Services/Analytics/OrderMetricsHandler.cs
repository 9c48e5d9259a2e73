using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.Money;
using Checkout.Platform.State;

namespace Checkout.Analytics;

/// <summary>order.created: order metrics, customer behaviour and product performance, all in one transaction, once per event.</summary>
public sealed class OrderMetricsHandler(IStateStore store) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var order = cloudEvent.DataAs<OrderCreatedData>();
        return store.ApplyOnceAsync(cloudEvent.Id, async ct =>
        {
            var total = MoneyExtensions.FromMajorUnits(order.Totals.Total);
            var operations = new List<StateOperation>();

            var metricsKey = OrderMetrics.KeyOf(order.OrderId);
            var metrics = await store.GetJsonAsync<OrderMetrics>(metricsKey, ct);
            operations.Add(Upsert(metricsKey, (metrics?.Value ?? OrderMetrics.None).Add(new OrderMetrics(1, total)), metrics?.ETag));

            var behavior = await store.GetJsonAsync<CustomerBehavior>(CustomerBehavior.Key(order.CustomerId), ct);
            var b = behavior?.Value ?? new CustomerBehavior(0, 0, cloudEvent.Time);
            operations.Add(Upsert(CustomerBehavior.Key(order.CustomerId), new CustomerBehavior(b.OrderCount + 1, b.TotalSpentCents + total, cloudEvent.Time), behavior?.ETag));

            foreach (var product in order.Items.GroupBy(i => i.ProductId))
            {
                var performance = await store.GetJsonAsync<ProductPerformance>(ProductPerformance.Key(product.Key), ct);
                var p = performance?.Value ?? new ProductPerformance(0, 0);
                operations.Add(Upsert(
                    ProductPerformance.Key(product.Key),
                    new ProductPerformance(p.UnitsSold + product.Sum(i => i.Quantity), p.RevenueCents + product.Sum(i => MoneyExtensions.FromMajorUnits(i.TotalPrice))),
                    performance?.ETag));
            }

            return operations;
        }, cancellationToken);
    }

    private static StateOperation Upsert<T>(string key, T value, string? etag) =>
        StateOperation.Upsert(key, JsonStateExtensions.Serialize(value), etag ?? ETags.MustNotExist);
}
