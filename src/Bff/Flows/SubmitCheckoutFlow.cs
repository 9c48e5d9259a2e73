using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Common.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Contracts.Pricing;
using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Errors;
using Grpc.Core;
using CheckoutClient = Checkout.Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient;

namespace Checkout.Bff.Flows;

/// <summary>
/// Flow 4 of the seed, as a saga. The session is locked for this submission (and the
/// customer's cart with it) and names the order id, which then keys everything
/// (reservation, holds, order, payment, settlement), so a retried step never does its work
/// twice. Before payment: reserve stock, price the order and check the payment method in
/// parallel; then hold what the price counted on and a limit bounds (the promotion codes'
/// uses, the loyalty points), so no limit is granted that the count does not hold; then
/// create the order PENDING_PAYMENT. After payment: settle loyalty, confirm the order (its
/// order.created event goes out through the outbox), then confirm the reservation, count
/// the promotion uses, take the bought items out of the cart, create the shipment and close
/// the session. A failure before or at payment undoes what was done: the reservation and
/// the holds are released, the order marked PAYMENT_FAILED, the session opened again.
/// </summary>
public sealed class SubmitCheckoutFlow(
    CheckoutClient checkout,
    InventoryService.InventoryServiceClient inventory,
    PaymentService.PaymentServiceClient payments,
    OrderService.OrderServiceClient orders,
    LoyaltyService.LoyaltyServiceClient loyalty,
    PromotionService.PromotionServiceClient promotions,
    ShippingService.ShippingServiceClient shipping,
    Contracts.Cart.V1.CartService.CartServiceClient carts,
    Caching.CartCache cartCache,
    ILogger<SubmitCheckoutFlow> logger)
{
    public async Task<Contracts.Order.V1.Order> SubmitAsync(string customerId, SubmitCheckoutRequest request, CancellationToken requestAborted)
    {
        SubmitRequestValidation.Validate(request);
        var started = await checkout.StartSubmissionAsync(new StartSubmissionRequest { SessionId = request.CheckoutSessionId, CustomerId = customerId }, cancellationToken: requestAborted);

        // From here the saga runs to an end even if the client goes away: stopping halfway
        // would leave stock held or a charge without its order.
        var ct = CancellationToken.None;
        var session = started.Session;
        var orderId = started.OrderId;
        var orderCreated = false;
        Contracts.Payment.V1.Payment payment;
        Contracts.Order.V1.Order order;
        try
        {
            var (totals, estimatedDelivery, last4) = await PrepareAsync(customerId, session, orderId, request, ct);
            await HoldLimitsAsync(customerId, orderId, totals, ct);
            order = (await orders.CreateOrderAsync(new CreateOrderRequest { Order = NewOrder(customerId, session, orderId, request, totals, estimatedDelivery, last4) }, cancellationToken: ct)).Order;
            orderCreated = true;

            payment = (await payments.ProcessPaymentAsync(new ProcessPaymentRequest
            {
                OrderId = orderId,
                CustomerId = customerId,
                PaymentMethodId = request.PaymentMethod.Id,
                Amount = totals.Total,
            }, cancellationToken: ct)).Payment;
            if (payment.Status != PaymentStatus.Completed)
            {
                throw PaymentFailure(payment);
            }
        }
        catch (RpcException ex)
        {
            await CompensateAsync(customerId, session.SessionId, orderId, orderCreated, ex.Status.Detail);
            throw;
        }

        // Paid: from here on nothing is undone. A failure leaves a paid order PENDING_PAYMENT
        // with its payment on record (payment:{orderId}) for reconciliation, never a refund
        // by accident.
        return await FinishAsync(customerId, session, order, payment, request, ct);
    }

    /// <summary>The three independent steps before the order exists, in parallel; all are undone if any fails.</summary>
    private async Task<(OrderTotals Totals, string EstimatedDelivery, string Last4)> PrepareAsync(string customerId, CheckoutSession session, string orderId, SubmitCheckoutRequest request, CancellationToken ct)
    {
        var reserve = new ReserveStockRequest { ReservationId = orderId };
        reserve.Lines.AddRange(session.Items.Select(i => new ReservationLine { Sku = i.Sku, WarehouseId = i.WarehouseId, Quantity = i.Quantity }));
        var pricing = new CalculateTotalsRequest
        {
            SessionId = session.SessionId,
            CustomerId = customerId,
            ShippingAddress = ToAddress(request.ShippingAddress),
            ShippingMethod = request.ShippingMethod,
            LoyaltyPointsToUse = request.LoyaltyPointsToUse,
        };
        pricing.PromotionCodes.AddRange(request.PromotionCodes);

        var reserveTask = inventory.ReserveStockAsync(reserve, cancellationToken: ct).ResponseAsync;
        var pricingTask = checkout.CalculateTotalsAsync(pricing, cancellationToken: ct).ResponseAsync;
        var methodTask = payments.ValidatePaymentMethodAsync(new ValidatePaymentMethodRequest
        {
            CustomerId = customerId,
            PaymentMethodId = request.PaymentMethod.Id,
            Type = request.PaymentMethod.Type,
            BillingAddress = ToAddress(request.BillingAddress ?? request.ShippingAddress),
        }, cancellationToken: ct).ResponseAsync;
        try
        {
            await Task.WhenAll(reserveTask, pricingTask, methodTask);
        }
        catch
        {
            // Surface the first failure in a stable order: stock, then pricing, then the card.
            foreach (var task in new Task[] { reserveTask, pricingTask, methodTask })
            {
                if (task.Exception?.InnerException is RpcException failure)
                {
                    throw failure;
                }
            }

            throw;
        }

        if (!methodTask.Result.Valid)
        {
            throw RpcErrors.InvalidArgument("paymentMethod", methodTask.Result.Reason);
        }

        return (pricingTask.Result.Totals, pricingTask.Result.EstimatedDelivery, methodTask.Result.Last4);
    }

    /// <summary>
    /// Takes what the price counted on and a limit bounds, before anything is charged: one use
    /// of each promotion code applied, and the loyalty points spent. Whatever the pricing saw,
    /// these writes decide: the last use of a code or the last points go to one order only.
    /// </summary>
    private async Task HoldLimitsAsync(string customerId, string orderId, OrderTotals totals, CancellationToken ct)
    {
        var usage = new HoldUsageRequest { OrderId = orderId, CustomerId = customerId };
        usage.Codes.AddRange(AppliedCodes(totals.Discounts.Select(d => (d.Type, d.Code))));
        var points = totals.Discounts.Where(d => d.Type == DiscountTypes.LoyaltyPoints).Sum(d => d.PointsUsed);
        var usageTask = usage.Codes.Count == 0 ? Task.CompletedTask : promotions.HoldUsageAsync(usage, cancellationToken: ct).ResponseAsync;
        var pointsTask = points == 0 ? Task.CompletedTask : loyalty.HoldPointsAsync(new HoldPointsRequest { OrderId = orderId, CustomerId = customerId, Points = points }, cancellationToken: ct).ResponseAsync;
        try
        {
            await Task.WhenAll(usageTask, pointsTask);
        }
        catch
        {
            throw usageTask.Exception?.InnerException ?? pointsTask.Exception?.InnerException ?? throw new InvalidOperationException("A hold failed without an error.");
        }
    }

    private static IEnumerable<string> AppliedCodes(IEnumerable<(string Type, string Code)> discounts) =>
        discounts.Where(d => d.Type == DiscountTypes.Promotion).Select(d => d.Code);

    private async Task<Contracts.Order.V1.Order> FinishAsync(string customerId, CheckoutSession session, Contracts.Order.V1.Order order, Contracts.Payment.V1.Payment payment, SubmitCheckoutRequest request, CancellationToken ct)
    {
        var pointsUsed = order.Pricing.Discounts.Where(d => d.Type == DiscountTypes.LoyaltyPoints).Sum(d => d.PointsUsed);
        OrderLoyalty? settled = null;
        try
        {
            var settlement = await loyalty.SettleOrderAsync(new SettleOrderRequest { OrderId = order.OrderId, CustomerId = customerId, PointsUsed = pointsUsed, OrderTotal = order.Pricing.Total }, cancellationToken: ct);
            settled = new OrderLoyalty { PointsEarned = settlement.PointsEarned, PointsUsed = settlement.PointsUsed, NewBalance = settlement.NewBalance };
        }
        catch (RpcException ex)
        {
            // The customer has paid: the order goes on; the loyalty team settles by hand.
            logger.LogError(ex, "Loyalty settlement of {OrderId} failed", order.OrderId);
        }

        var confirmed = (await orders.ConfirmOrderAsync(new ConfirmOrderRequest
        {
            OrderId = order.OrderId,
            Payment = new OrderPayment { TransactionId = payment.TransactionId, Method = payment.Method, Status = "COMPLETED", Last4 = payment.Last4 },
            Loyalty = settled ?? new OrderLoyalty { PointsUsed = pointsUsed },
            Shipping = order.Shipping,
        }, cancellationToken: ct)).Order;

        // After the order is confirmed nothing may fail the request. Each step is idempotent
        // and the reservation is also confirmed by Inventory's order.created consumer.
        var promotionUsage = new TrackUsageRequest { OrderId = order.OrderId, CustomerId = customerId };
        promotionUsage.Codes.AddRange(AppliedCodes(order.Pricing.Discounts.Select(d => (d.Type, d.Code))));
        var bought = new RemoveOrderedItemsRequest { CustomerId = customerId, OrderId = order.OrderId };
        bought.Items.AddRange(order.Items.Select(i => new OrderedItem { ProductId = i.ProductId, Sku = i.Sku, WarehouseId = i.WarehouseId, Quantity = i.Quantity }));
        await Task.WhenAll(
            BestEffortAsync("confirm the reservation", () => inventory.ConfirmReservationAsync(new ConfirmReservationRequest { ReservationId = order.ReservationId }, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("track promotion usage", () => promotionUsage.Codes.Count == 0 ? Task.CompletedTask : promotions.TrackUsageAsync(promotionUsage, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("create the shipment", () => shipping.CreateShipmentAsync(new CreateShipmentRequest
            {
                OrderId = order.OrderId,
                Method = order.Shipping.Method,
                WarehouseId = order.Shipping.WarehouseId,
                Destination = order.ShippingAddress,
            }, cancellationToken: ct).ResponseAsync),
            // Before the response, so a checkout begun next does not find the bought items again;
            // order.created asks Cart the same, once per order.
            BestEffortAsync("take the bought items out of the cart", async () =>
            {
                await carts.RemoveOrderedItemsAsync(bought, cancellationToken: ct);
                await cartCache.InvalidateAsync(customerId, ct);
            }),
            BestEffortAsync("close the session", () => checkout.CompleteSessionAsync(new CompleteSessionRequest { SessionId = session.SessionId, OrderId = order.OrderId }, cancellationToken: ct).ResponseAsync));
        return confirmed;
    }

    private async Task BestEffortAsync(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RpcException ex)
        {
            logger.LogError(ex, "After payment, failed to {Step}", step);
        }
    }

    /// <summary>Undoes a failed submission. Each undo is idempotent, does nothing where nothing was done, and runs even if another fails.</summary>
    private async Task CompensateAsync(string customerId, string sessionId, string orderId, bool orderCreated, string reason)
    {
        await Task.WhenAll(
            BestEffortAsync("release the reservation", () => inventory.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = orderId }).ResponseAsync),
            BestEffortAsync("release the promotion uses", () => promotions.ReleaseUsageAsync(new ReleaseUsageRequest { OrderId = orderId }).ResponseAsync),
            BestEffortAsync("release the loyalty points", () => loyalty.ReleasePointsAsync(new ReleasePointsRequest { OrderId = orderId, CustomerId = customerId }).ResponseAsync));
        if (orderCreated)
        {
            await BestEffortAsync("mark the order failed", () => orders.MarkPaymentFailedAsync(new MarkPaymentFailedRequest { OrderId = orderId, Reason = reason }).ResponseAsync);
        }

        await BestEffortAsync("reopen the session", () => checkout.ReopenSessionAsync(new ReopenSessionRequest { SessionId = sessionId, OrderId = orderId }).ResponseAsync);
    }

    private static RpcException PaymentFailure(Contracts.Payment.V1.Payment payment) => payment.Status switch
    {
        PaymentStatus.Declined => RpcErrors.Create(StatusCode.FailedPrecondition, "PAYMENT_DECLINED", payment.FailureReason),
        PaymentStatus.InsufficientFunds => RpcErrors.Create(StatusCode.FailedPrecondition, "INSUFFICIENT_FUNDS", payment.FailureReason),
        PaymentStatus.TimedOut => RpcErrors.Create(StatusCode.FailedPrecondition, "PAYMENT_TIMEOUT", payment.FailureReason),
        _ => RpcErrors.Create(StatusCode.FailedPrecondition, "PAYMENT_FAILED", "The payment did not go through."),
    };

    private static Contracts.Order.V1.Order NewOrder(string customerId, CheckoutSession session, string orderId, SubmitCheckoutRequest request, OrderTotals totals, string estimatedDelivery, string last4)
    {
        var order = new Contracts.Order.V1.Order
        {
            OrderId = orderId,
            CustomerId = customerId,
            CheckoutSessionId = session.SessionId,
            ReservationId = orderId,
            ShippingAddress = ToAddress(request.ShippingAddress),
            BillingAddress = ToAddress(request.BillingAddress ?? request.ShippingAddress),
            Notes = request.Notes,
            CustomerEmail = session.Customer?.Email ?? string.Empty,
            CustomerPhone = session.Customer?.Phone ?? string.Empty,
            CustomerTier = session.Customer?.Tier ?? string.Empty,
            Pricing = new OrderPricing
            {
                Subtotal = totals.Subtotal,
                TotalDiscounts = totals.TotalDiscounts,
                Shipping = totals.Shipping,
                Tax = totals.Tax,
                Total = totals.Total,
            },
            Payment = new OrderPayment { Method = request.PaymentMethod.Type is { Length: > 0 } type ? type : "credit_card", Status = "PENDING", Last4 = last4 },
            Shipping = new OrderShipping
            {
                Method = request.ShippingMethod.ToLowerInvariant(),
                Cost = totals.Shipping,
                EstimatedDelivery = estimatedDelivery,
                // One shipment per order leaves from the first line's warehouse; split shipments are future work.
                WarehouseId = session.Items[0].WarehouseId,
            },
        };
        order.Pricing.Discounts.AddRange(totals.Discounts.Select(d => new OrderDiscount { Type = d.Type, Code = d.Code, PointsUsed = d.PointsUsed, Amount = d.Amount }));
        order.Items.AddRange(session.Items.Select(i => new OrderItem
        {
            ProductId = i.ProductId,
            Sku = i.Sku,
            Name = i.Name,
            Quantity = i.Quantity,
            UnitPrice = i.UnitPrice,
            TotalPrice = Platform.Money.MoneyExtensions.Cents(i.UnitPrice.MinorUnits * i.Quantity, i.UnitPrice.CurrencyCode),
            WarehouseId = i.WarehouseId,
        }));
        return order;
    }

    private static Address? ToAddress(PostalAddress? address) => address is null ? null : new Address
    {
        Street = address.Street,
        City = address.City,
        State = address.State,
        ZipCode = address.ZipCode,
        Country = string.IsNullOrWhiteSpace(address.Country) ? "US" : address.Country.Trim().ToUpperInvariant(),
    };
}
