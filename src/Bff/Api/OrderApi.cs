using Checkout.Bff.Auth;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Order.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>/api/v1/orders: the token's customer's own orders; anyone else's is 404.</summary>
[Authorize]
public sealed class OrderApi(OrderService.OrderServiceClient orders) : OrderApiService.OrderApiServiceBase
{
    public override async Task<Contracts.Bff.V1.GetOrderResponse> GetOrder(Contracts.Bff.V1.GetOrderRequest request, ServerCallContext context)
    {
        var order = await orders.GetOrderAsync(new Contracts.Order.V1.GetOrderRequest { OrderId = request.OrderId, CustomerId = context.CustomerId() }, cancellationToken: context.CancellationToken);
        return new Contracts.Bff.V1.GetOrderResponse { Order = order.Order.ToView() };
    }

    public override async Task<Contracts.Bff.V1.ListOrdersResponse> ListOrders(Contracts.Bff.V1.ListOrdersRequest request, ServerCallContext context)
    {
        var list = await orders.ListOrdersAsync(new Contracts.Order.V1.ListOrdersRequest { CustomerId = context.CustomerId() }, cancellationToken: context.CancellationToken);
        var response = new Contracts.Bff.V1.ListOrdersResponse();
        response.Orders.AddRange(list.Orders.Select(o => o.ToView()));
        return response;
    }
}
