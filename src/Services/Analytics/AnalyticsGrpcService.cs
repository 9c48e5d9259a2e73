using Checkout.Contracts.Analytics.V1;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Analytics;

public sealed class AnalyticsGrpcService(IStateStore store) : AnalyticsService.AnalyticsServiceBase
{
    public override async Task<GetOrderMetricsResponse> GetOrderMetrics(GetOrderMetricsRequest request, ServerCallContext context)
    {
        var metrics = (await store.GetManyJsonAsync<OrderMetrics>(OrderMetrics.AllKeys, context.CancellationToken)).Aggregate(OrderMetrics.None, (sum, part) => sum.Add(part.Value));
        return new GetOrderMetricsResponse
        {
            OrderCount = metrics.OrderCount,
            Revenue = MoneyExtensions.Cents(metrics.RevenueCents),
            AverageOrderValue = MoneyExtensions.Cents(metrics.OrderCount == 0 ? 0 : MoneyRounding.ToCents((decimal)metrics.RevenueCents / metrics.OrderCount)),
        };
    }

    public override async Task<GetCustomerBehaviorResponse> GetCustomerBehavior(GetCustomerBehaviorRequest request, ServerCallContext context)
    {
        var behavior = (await store.GetJsonAsync<CustomerBehavior>(CustomerBehavior.Key(request.CustomerId), context.CancellationToken))?.Value;
        return new GetCustomerBehaviorResponse { OrderCount = behavior?.OrderCount ?? 0, TotalSpent = MoneyExtensions.Cents(behavior?.TotalSpentCents ?? 0) };
    }

    public override async Task<GetProductPerformanceResponse> GetProductPerformance(GetProductPerformanceRequest request, ServerCallContext context)
    {
        var performance = (await store.GetJsonAsync<ProductPerformance>(ProductPerformance.Key(request.ProductId), context.CancellationToken))?.Value;
        return new GetProductPerformanceResponse { UnitsSold = performance?.UnitsSold ?? 0, Revenue = MoneyExtensions.Cents(performance?.RevenueCents ?? 0) };
    }
}
