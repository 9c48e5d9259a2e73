using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Shipping;

public sealed class ShippingGrpcService(IStateStore store, TimeProvider clock) : ShippingService.ShippingServiceBase
{
    public override Task<QuoteShippingResponse> QuoteShipping(QuoteShippingRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var response = new QuoteShippingResponse();
        response.Quotes.AddRange(ShippingRates.Methods.Select(m => new ShippingQuote
        {
            Method = m.Name,
            Cost = MoneyExtensions.Cents(ShippingRates.CostOf(m, request.FreeShipping)),
            EstimatedDelivery = ShippingRates.EstimatedDelivery(m, now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));
        return Task.FromResult(response);
    }

    /// <summary>One shipment per order: a retry returns the shipment made the first time.</summary>
    public override async Task<CreateShipmentResponse> CreateShipment(CreateShipmentRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            throw DomainErrors.InvalidArgument("orderId", "orderId is required.");
        }

        var method = ShippingRates.Find(request.Method) ?? throw DomainErrors.InvalidArgument("shippingMethod", $"shippingMethod must be one of {string.Join(", ", ShippingRates.Methods.Select(m => m.Name))}.");
        var shipment = new ShipmentRecord(
            $"SHP-{request.OrderId}",
            request.OrderId,
            method.Name,
            request.WarehouseId,
            TrackingNumber: null,
            "CREATED",
            ShippingRates.EstimatedDelivery(method, clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await store.TrySaveJsonAsync(ShipmentRecord.Key(request.OrderId), shipment, ETags.MustNotExist, cancellationToken: context.CancellationToken);
        var stored = await store.GetJsonAsync<ShipmentRecord>(ShipmentRecord.Key(request.OrderId), context.CancellationToken);
        return new CreateShipmentResponse { Shipment = ToProto(stored!.Value) };
    }

    public override async Task<GetShipmentResponse> GetShipment(GetShipmentRequest request, ServerCallContext context)
    {
        var stored = await store.GetJsonAsync<ShipmentRecord>(ShipmentRecord.Key(request.OrderId), context.CancellationToken)
            ?? throw DomainErrors.NotFound("SHIPMENT_NOT_FOUND", $"Order {request.OrderId} has no shipment.");
        return new GetShipmentResponse { Shipment = ToProto(stored.Value) };
    }

    public static Shipment ToProto(ShipmentRecord record) => new()
    {
        ShipmentId = record.ShipmentId,
        OrderId = record.OrderId,
        Method = record.Method,
        WarehouseId = record.WarehouseId,
        TrackingNumber = record.TrackingNumber ?? string.Empty,
        Status = record.Status switch
        {
            "FULFILLING" => ShipmentStatus.Fulfilling,
            "SHIPPED" => ShipmentStatus.Shipped,
            _ => ShipmentStatus.Created,
        },
        EstimatedDelivery = record.EstimatedDelivery,
    };
}
