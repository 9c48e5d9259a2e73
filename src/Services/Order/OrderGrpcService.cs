using Checkout.Contracts.Order.V1;
using Checkout.Platform.Errors;
using Grpc.Core;

namespace Checkout.Order;

public sealed class OrderGrpcService(OrderStore orders) : OrderService.OrderServiceBase
{
    private const int MaxListed = 100;

    public override async Task<CreateOrderResponse> CreateOrder(CreateOrderRequest request, ServerCallContext context)
    {
        var order = request.Order ?? throw DomainErrors.InvalidArgument("order", "order is required.");
        DomainErrors.Required(order.OrderId, "orderId");
        DomainErrors.Required(order.CustomerId, "customerId");
        if (order.Items.Count == 0)
        {
            throw DomainErrors.InvalidArgument("items", "An order needs at least one item.");
        }

        if (order.Pricing?.Total is null)
        {
            throw DomainErrors.InvalidArgument("pricing", "An order needs its pricing.");
        }

        return new CreateOrderResponse { Order = await orders.CreateAsync(order, context.CancellationToken) };
    }

    public override async Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        var order = await orders.GetAsync(DomainErrors.Required(request.OrderId, "orderId"), context.CancellationToken);
        if (!string.IsNullOrEmpty(request.CustomerId) && order.CustomerId != request.CustomerId)
        {
            // Someone else's order looks exactly like no order at all.
            throw DomainErrors.NotFound("ORDER_NOT_FOUND", $"Order {request.OrderId} does not exist.");
        }

        return new GetOrderResponse { Order = order };
    }

    public override async Task<ListOrdersResponse> ListOrders(ListOrdersRequest request, ServerCallContext context)
    {
        var limit = request.PageSize is > 0 and <= MaxListed ? request.PageSize : MaxListed;
        var response = new ListOrdersResponse();
        response.Orders.AddRange(await orders.ListAsync(DomainErrors.Required(request.CustomerId, "customerId"), limit, context.CancellationToken));
        return response;
    }

    public override async Task<ConfirmOrderResponse> ConfirmOrder(ConfirmOrderRequest request, ServerCallContext context) =>
        new()
        {
            Order = await orders.ConfirmAsync(
                DomainErrors.Required(request.OrderId, "orderId"),
                request.Payment ?? throw DomainErrors.InvalidArgument("payment", "payment is required."),
                request.Loyalty,
                request.Shipping,
                context.CancellationToken),
        };

    public override async Task<HoldForReviewResponse> HoldForReview(HoldForReviewRequest request, ServerCallContext context) =>
        new() { Order = await orders.HoldForReviewAsync(DomainErrors.Required(request.OrderId, "orderId"), context.CancellationToken) };

    public override async Task<MarkPaymentFailedResponse> MarkPaymentFailed(MarkPaymentFailedRequest request, ServerCallContext context) =>
        new() { Order = await orders.MarkPaymentFailedAsync(DomainErrors.Required(request.OrderId, "orderId"), request.Reason, context.CancellationToken) };

    public override async Task<RecordShipmentResponse> RecordShipment(RecordShipmentRequest request, ServerCallContext context) =>
        new()
        {
            Order = await orders.RecordShipmentAsync(
                DomainErrors.Required(request.OrderId, "orderId"),
                DomainErrors.Required(request.TrackingNumber, "trackingNumber"),
                context.CancellationToken),
        };
}
