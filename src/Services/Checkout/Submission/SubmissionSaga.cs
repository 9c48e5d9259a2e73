using System.Security.Cryptography;
using System.Text.Json;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Pricing;
using Checkout.Contracts.Promotion.V1;
using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.Telemetry;
using Google.Protobuf;
using Grpc.Core;

namespace Checkout.Checkouts;

/// <summary>
/// Flow 4 of the seed: the submission saga, owned by Checkout. The session is locked for
/// the submission (and the customer's cart with it) and names the order id, which then keys
/// every step (reservation, holds, order, payment, settlement), so a repeated step does
/// nothing new. Its progress is the <see cref="SubmissionRecord"/>, written before the step
/// it guards:
/// <list type="bullet">
/// <item>Started: reserve stock, price the order and check the card in parallel; hold what a
/// limit bounds (promotion uses, loyalty points); create the order PENDING_PAYMENT.</item>
/// <item>Charging: charge once per order.</item>
/// <item>Held: the fraud checks held the payment for a reviewer (the order PAYMENT_REVIEW is
/// the client's answer); approval goes on to Charging, rejection or the review window
/// closing to Abandoning (<see cref="ReviewAsync"/>).</item>
/// <item>Paid: settle loyalty, confirm the order (order.created leaves through the outbox), then
/// confirm the reservation, count the promotion uses, take the bought items out of the cart,
/// create the shipment; end Completed with the order.</item>
/// <item>A failure before or at payment moves it to Abandoning with the error, undoes what was
/// done (reservation, holds, order PAYMENT_FAILED) and ends Failed, the session open again.</item>
/// </list>
/// <see cref="ResumeAsync"/> carries a submission a crash cut off from its recorded stage:
/// Started or Abandoning is undone, Charging asks Payment how the charge ended, Paid finishes,
/// Held past its review window is released.
/// </summary>
public sealed class SubmissionSaga(
    SubmissionStore submissions,
    IdempotencyStore keys,
    OrderPricer pricer,
    InventoryService.InventoryServiceClient inventory,
    PaymentService.PaymentServiceClient payments,
    OrderService.OrderServiceClient orders,
    LoyaltyService.LoyaltyServiceClient loyalty,
    PromotionService.PromotionServiceClient promotions,
    ShippingService.ShippingServiceClient shipping,
    CartService.CartServiceClient carts,
    CheckoutMetrics metrics,
    ILogger<SubmissionSaga> logger)
{
    /// <summary>How long a repeat with the same idempotency key waits for the first to finish.</summary>
    public static readonly TimeSpan IdempotencyWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs the submission, or answers what the first request with the same idempotency key answered (<c>Replayed</c>).</summary>
    public async Task<(Contracts.Order.V1.Order Order, bool Replayed)> SubmitAsync(SubmitOrderRequest request, CancellationToken requestAborted)
    {
        if (string.IsNullOrEmpty(request.IdempotencyKey))
        {
            return (await RunAsync(request, requestAborted), false);
        }

        var hash = RequestHash(request);

        // Waiting is real time, not business time.
        var waitUntil = DateTimeOffset.UtcNow + IdempotencyWait;
        while (true)
        {
            var (outcome, record) = await keys.ClaimAsync(request.CustomerId, request.IdempotencyKey, hash, requestAborted);
            switch (outcome)
            {
                case IdempotencyStore.Outcome.Claimed:
                    return (await RunAsync(request, requestAborted), false);
                case IdempotencyStore.Outcome.Completed:
                    return (Replay(record!), true);
                case IdempotencyStore.Outcome.Mismatch:
                    throw DomainErrors.FailedPrecondition("IDEMPOTENCY_KEY_REUSED", $"Idempotency-Key {request.IdempotencyKey} was already used with a different request body.");
            }

            if (DateTimeOffset.UtcNow >= waitUntil)
            {
                throw DomainErrors.Aborted("REQUEST_IN_PROGRESS", $"A request with Idempotency-Key {request.IdempotencyKey} is still running; retry shortly.");
            }

            await Task.Delay(PollInterval, requestAborted);
        }
    }

    /// <summary>What an idempotency key remembers of its request: a hash of everything but the key.</summary>
    public static string RequestHash(SubmitOrderRequest request)
    {
        var unkeyed = request.Clone();
        unkeyed.IdempotencyKey = string.Empty;
        return Convert.ToHexString(SHA256.HashData(unkeyed.ToByteArray()));
    }

    /// <summary>Carries on a submission a crash cut off, from its recorded stage (<see cref="SubmissionRecovery"/>).</summary>
    public async Task ResumeAsync(SubmissionRecord record, CancellationToken ct)
    {
        var request = SubmitOrderRequest.Parser.ParseFrom(record.Request);
        switch (record.Stage)
        {
            case SubmissionStage.Started:
                await AbandonAsync(record, SubmissionStage.Started, Interrupted, ct);
                break;
            case SubmissionStage.Abandoning:
                await UndoAsync(record, ct);
                break;
            case SubmissionStage.Charging:
                var payment = await PaymentOutcomeAsync(record, request, ct);
                if (payment?.Status == PaymentStatus.Unspecified)
                {
                    // Another attempt is charging it right now: the next pass asks again.
                    throw StillCharging(record.OrderId);
                }

                if (payment?.Status == PaymentStatus.HeldForReview)
                {
                    await PlaceOnHoldAsync(record, ct);
                }
                else if (payment?.Status == PaymentStatus.Completed)
                {
                    await submissions.AdvanceAsync(record.OrderId, SubmissionStage.Charging, SubmissionStage.Paid, null, ct);
                    await FinishPaidAsync(record, await OrderAsync(record.OrderId, ct), payment, ct);
                }
                else
                {
                    await AbandonAsync(record, SubmissionStage.Charging, payment is null ? Interrupted : Answer(Failure.Of(PaymentFailure(payment))!), ct);
                }

                break;
            case SubmissionStage.Paid:
                var paid = (await payments.GetPaymentAsync(new GetPaymentRequest { OrderId = record.OrderId }, cancellationToken: ct)).Payment;
                await FinishPaidAsync(record, await OrderAsync(record.OrderId, ct), paid, ct);
                break;
            case SubmissionStage.Held:
                // Nobody decided within the review window: the holds are about to lapse, so the
                // order is released and the payment declined, nothing charged.
                await AbandonAsync(record, SubmissionStage.Held, ReviewExpired, ct);
                break;
        }
    }

    /// <summary>
    /// A reviewer's decision on a submission whose payment is held. Approval, within the review
    /// window, charges it (Held → Charging → Paid, the order confirmed; or undone if the gateway
    /// declines); rejection undoes it, nothing charged. A submission no longer held answers
    /// its order as it is: the first decision stands.
    /// </summary>
    public async Task<Contracts.Order.V1.Order> ReviewAsync(string orderId, bool approve, string reviewer, DateTimeOffset now, CancellationToken ct)
    {
        var record = await submissions.GetAsync(orderId, ct) ?? throw DomainErrors.NotFound("ORDER_NOT_FOUND", $"Order {orderId} is not a submission of this checkout.");
        if (record.Stage != SubmissionStage.Held)
        {
            return await OrderAsync(orderId, ct);
        }

        logger.LogInformation("Submission {OrderId}: {Reviewer} {ReviewDecision} the held payment", orderId, reviewer, approve ? "approves" : "rejects");
        if (!approve)
        {
            await AbandonAsync(record, SubmissionStage.Held, Answer(Failure.Of(FraudSuspected)!), ct);
            return await OrderAsync(orderId, ct);
        }

        if (now >= record.ReviewBy)
        {
            throw DomainErrors.FailedPrecondition("REVIEW_EXPIRED", $"Order {orderId} was held longer than the review window of {Contracts.Limits.SubmissionHolds.ReviewWindow.TotalMinutes:0} minutes; it is being released.");
        }

        try
        {
            record = await submissions.AdvanceAsync(orderId, SubmissionStage.Held, SubmissionStage.Charging, null, ct);
        }
        catch (DomainException ex) when (ex.Reason == "SUBMISSION_TAKEN_OVER")
        {
            return await OrderAsync(orderId, ct);
        }

        // If this call fails, the record stays Charging and recovery asks Payment how it ended.
        var payment = (await payments.ReviewPaymentAsync(new ReviewPaymentRequest { OrderId = orderId, Approve = true, Reviewer = reviewer }, cancellationToken: ct)).Payment;
        metrics.Charged(payment.Status);
        if (payment.Status == PaymentStatus.Unspecified)
        {
            // Still being charged by another attempt: recovery learns how it ended.
            return await OrderAsync(orderId, ct);
        }

        if (payment.Status != PaymentStatus.Completed)
        {
            await AbandonAsync(record, SubmissionStage.Charging, Answer(Failure.Of(PaymentFailure(payment))!), ct);
            return await OrderAsync(orderId, ct);
        }

        await submissions.AdvanceAsync(orderId, SubmissionStage.Charging, SubmissionStage.Paid, null, ct);
        return await FinishPaidAsync(record, await OrderAsync(orderId, ct), payment, ct);
    }

    /// <summary>The payment is held for review: the order shows it, and the submission waits in Held for the reviewer.</summary>
    private async Task<Contracts.Order.V1.Order> PlaceOnHoldAsync(SubmissionRecord record, CancellationToken ct)
    {
        var held = (await orders.HoldForReviewAsync(new HoldForReviewRequest { OrderId = record.OrderId }, cancellationToken: ct)).Order;
        await submissions.HoldAsync(record.OrderId, held, ct);
        metrics.HeldForReview();
        logger.LogWarning("Submission {OrderId}: payment held for a fraud review; the order waits in PAYMENT_REVIEW", record.OrderId);
        return held;
    }

    /// <summary>Payment has not settled the charge yet (another attempt is charging): not a failure, so nothing may be undone.</summary>
    private static DomainException StillCharging(string orderId) =>
        DomainErrors.Create(Google.Rpc.Code.Unavailable, "PAYMENT_PENDING", $"The payment of order {orderId} is still being processed; repeat the request with the same Idempotency-Key to learn how it ended.");

    private static DomainException FraudSuspected => DomainErrors.FailedPrecondition("FRAUD_SUSPECTED", "The payment was declined by our fraud checks; nothing was charged.");

    private static StoredError ReviewExpired => new((int)StatusCode.FailedPrecondition, "FRAUD_SUSPECTED", "The payment could not be reviewed in time and was declined; nothing was charged.", IsAnswer: true);

    /// <summary>Nothing was charged and the client's request is gone: undone, and the key released so the client may submit again.</summary>
    private static StoredError Interrupted => new((int)StatusCode.Unavailable, "SUBMISSION_INTERRUPTED", "The submission was interrupted before any payment and has been undone; submit again.", IsAnswer: false);

    private static Contracts.Order.V1.Order Replay(IdempotencyRecord stored)
    {
        if (stored.HttpStatus is 201 or 202)
        {
            return Contracts.Order.V1.Order.Parser.ParseFrom(stored.ResponseBody);
        }

        var error = JsonSerializer.Deserialize<StoredError>(stored.ResponseBody)!;
        throw new DomainException((Google.Rpc.Code)error.Code, error.Reason, error.Message) { Replayed = true };
    }

    private async Task<Contracts.Order.V1.Order> RunAsync(SubmitOrderRequest request, CancellationToken requestAborted)
    {
        CheckoutSession session;
        SubmissionRecord record;
        try
        {
            (session, record) = await submissions.StartAsync(request, requestAborted);
        }
        catch (Exception ex) when (!string.IsNullOrEmpty(request.IdempotencyKey) && Failure.Of(ex) is { } failure)
        {
            // Refused before anything started (session used, expired, busy): the key answers with that, or is released.
            var error = Answer(failure);
            await keys.ResolveAsync(request.CustomerId, request.IdempotencyKey, error.IsAnswer, error.Code == (int)StatusCode.NotFound ? 404 : 400, JsonSerializer.SerializeToUtf8Bytes(error), CancellationToken.None);
            throw;
        }

        // The ids the checkout's spans are found by (never card data).
        System.Diagnostics.Activity.Current?
            .SetTag(CheckoutTelemetry.Tags.CustomerId, request.CustomerId)
            .SetTag(CheckoutTelemetry.Tags.SessionId, session.SessionId)
            .SetTag(CheckoutTelemetry.Tags.OrderId, record.OrderId)
            .SetTag(CheckoutTelemetry.Tags.SkuCount, session.Items.Count);
        metrics.Started();
        logger.LogInformation("Submission {OrderId} started for {CustomerId} from session {SessionId} ({SkuCount} SKUs)", record.OrderId, request.CustomerId, session.SessionId, session.Items.Count);

        // From here the saga runs to an end even if the client goes away: stopping halfway
        // would leave stock held or a charge without its order.
        var ct = CancellationToken.None;
        Contracts.Order.V1.Order order;
        Contracts.Payment.V1.Payment payment;
        var stage = SubmissionStage.Started;
        Contracts.Payment.V1.Payment? declined = null;
        try
        {
            var (totals, estimatedDelivery, last4) = await PrepareAsync(request, session, record.OrderId, ct);
            logger.LogInformation("Submission {OrderId}: stock reserved, priced at {Total} {Currency}, card checked", record.OrderId, MoneyExtensions.ToMajorUnits(totals.Total.MinorUnits), totals.Total.CurrencyCode);
            await HoldLimitsAsync(request.CustomerId, record.OrderId, totals, ct);
            logger.LogInformation("Submission {OrderId}: promotion uses and loyalty points held", record.OrderId);
            order = (await orders.CreateOrderAsync(new CreateOrderRequest { Order = NewOrder(request, session, record.OrderId, totals, estimatedDelivery, last4) }, cancellationToken: ct)).Order;
            logger.LogInformation("Submission {OrderId}: order created PENDING_PAYMENT", record.OrderId);

            await submissions.AdvanceAsync(record.OrderId, SubmissionStage.Started, SubmissionStage.Charging, null, ct);
            stage = SubmissionStage.Charging;
            logger.LogInformation("Submission {OrderId}: charging", record.OrderId);
            payment = (await payments.ProcessPaymentAsync(new ProcessPaymentRequest
            {
                OrderId = record.OrderId,
                CustomerId = request.CustomerId,
                PaymentMethodId = request.PaymentMethodId,
                Amount = totals.Total,
                BillingAddress = request.BillingAddress ?? request.ShippingAddress,
                ShippingAddress = request.ShippingAddress,
            }, cancellationToken: ct)).Payment;
            metrics.Charged(payment.Status);
            logger.LogInformation("Submission {OrderId}: charge {TransactionId} {PaymentStatus}", record.OrderId, payment.TransactionId, payment.Status);
            if (payment.Status == PaymentStatus.HeldForReview)
            {
                return await PlaceOnHoldAsync(record, ct);
            }

            if (payment.Status == PaymentStatus.Unspecified)
            {
                // Not an answer: the charge may still go through, so nothing is undone.
                throw StillCharging(record.OrderId);
            }

            if (payment.Status != PaymentStatus.Completed)
            {
                declined = payment;
                throw PaymentFailure(payment);
            }
        }
        catch (Exception ex) when (Failure.Of(ex) is { Reason: not "SUBMISSION_TAKEN_OVER" } failure)
        {
            // Once the charge was asked for, only Payment's answer may undo the submission: if
            // the call itself failed, the charge may have gone through, so the record stays
            // Charging and recovery asks Payment how it ended.
            if (stage == SubmissionStage.Started || declined is not null)
            {
                await AbandonAsync(record, stage, Answer(failure), ct);
            }

            throw;
        }

        // Paid: from here on nothing is undone. If a step fails, the record stays Paid and
        // recovery finishes the order; the client's key answers with it then.
        await submissions.AdvanceAsync(record.OrderId, SubmissionStage.Charging, SubmissionStage.Paid, null, ct);
        return await FinishPaidAsync(record, order, payment, ct);
    }

    /// <summary>The three independent steps before the order exists, in parallel; all are undone if any fails.</summary>
    private async Task<(OrderTotals Totals, string EstimatedDelivery, string Last4)> PrepareAsync(SubmitOrderRequest request, CheckoutSession session, string orderId, CancellationToken ct)
    {
        var reserve = new ReserveStockRequest { ReservationId = orderId };
        reserve.Lines.AddRange(session.Items.Select(i => new ReservationLine { Sku = i.Sku, WarehouseId = i.WarehouseId, Quantity = i.Quantity }));
        var pricing = new CalculateTotalsRequest
        {
            SessionId = session.SessionId,
            CustomerId = request.CustomerId,
            ShippingAddress = request.ShippingAddress,
            ShippingMethod = request.ShippingMethod,
            LoyaltyPointsToUse = request.LoyaltyPointsToUse,
        };
        pricing.PromotionCodes.AddRange(request.PromotionCodes);

        var reserveTask = inventory.ReserveStockAsync(reserve, cancellationToken: ct).ResponseAsync;
        var pricingTask = pricer.PriceAsync(pricing, ct);
        var methodTask = payments.ValidatePaymentMethodAsync(new ValidatePaymentMethodRequest
        {
            CustomerId = request.CustomerId,
            PaymentMethodId = request.PaymentMethodId,
            Type = request.PaymentMethodType,
            BillingAddress = request.BillingAddress ?? request.ShippingAddress,
        }, cancellationToken: ct).ResponseAsync;
        try
        {
            await Task.WhenAll(reserveTask, pricingTask, methodTask);
        }
        catch
        {
            // Surface the first failure in a stable order: stock, then pricing (a refusal of this
            // service's own, a DomainException), then the card.
            foreach (var task in new Task[] { reserveTask, pricingTask, methodTask })
            {
                if (task.Exception?.InnerException is { } failure && Failure.Of(failure) is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }
            }

            throw;
        }

        if (methodTask.Result.Expired)
        {
            throw new DomainException(Google.Rpc.Code.InvalidArgument, "CARD_EXPIRED", methodTask.Result.Reason, "paymentMethod");
        }

        if (!methodTask.Result.Valid)
        {
            throw DomainErrors.InvalidArgument("paymentMethod", methodTask.Result.Reason);
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
        var points = PointsUsed(totals.Discounts.Select(d => (d.Type, d.PointsUsed)));
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

    /// <summary>The loyalty points a priced order spends: its loyalty-points discount lines.</summary>
    private static int PointsUsed(IEnumerable<(string Type, int PointsUsed)> discounts) =>
        discounts.Where(d => d.Type == DiscountTypes.LoyaltyPoints).Sum(d => d.PointsUsed);

    private static IEnumerable<string> AppliedCodes(IEnumerable<(string Type, string Code)> discounts) =>
        discounts.Where(d => d.Type == DiscountTypes.Promotion).Select(d => d.Code);

    private async Task<Contracts.Order.V1.Order> FinishPaidAsync(SubmissionRecord record, Contracts.Order.V1.Order order, Contracts.Payment.V1.Payment payment, CancellationToken ct)
    {
        var customerId = record.CustomerId;
        var pointsUsed = PointsUsed(order.Pricing.Discounts.Select(d => (d.Type, d.PointsUsed)));
        OrderLoyalty? settled = null;
        try
        {
            var settlement = await loyalty.SettleOrderAsync(new SettleOrderRequest { OrderId = order.OrderId, CustomerId = customerId, PointsUsed = pointsUsed, OrderTotal = order.Pricing.Total }, cancellationToken: ct);
            settled = new OrderLoyalty { PointsEarned = settlement.PointsEarned, PointsUsed = settlement.PointsUsed, NewBalance = settlement.NewBalance };
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // The customer has paid: the order goes on; the loyalty team settles by hand.
            logger.LogError(ex, "Loyalty settlement of {OrderId} failed", order.OrderId);
        }

        var confirmed = (await orders.ConfirmOrderAsync(new ConfirmOrderRequest
        {
            OrderId = order.OrderId,
            Payment = new OrderPayment { TransactionId = payment.TransactionId, Method = payment.Method, Status = Contracts.Orders.OrderPaymentStatuses.Completed, Last4 = payment.Last4 },
            Loyalty = settled ?? new OrderLoyalty { PointsUsed = pointsUsed },
            Shipping = order.Shipping,
        }, cancellationToken: ct)).Order;
        logger.LogInformation("Submission {OrderId}: loyalty settled, order confirmed", record.OrderId);

        // After the order is confirmed nothing may fail the request. Each step is idempotent;
        // order.created drives the reservation's confirmation and the cart's cleanup too.
        var promotionUsage = new TrackUsageRequest { OrderId = order.OrderId, CustomerId = customerId };
        promotionUsage.Codes.AddRange(AppliedCodes(order.Pricing.Discounts.Select(d => (d.Type, d.Code))));
        var bought = new RemoveOrderedItemsRequest { CustomerId = customerId, OrderId = order.OrderId };
        bought.Items.AddRange(order.Items.Select(i => new OrderedItem { ProductId = i.ProductId, Sku = i.Sku, WarehouseId = i.WarehouseId, Quantity = i.Quantity }));
        await Task.WhenAll(
            BestEffortAsync("confirm the reservation", () => inventory.ConfirmReservationAsync(new ConfirmReservationRequest { ReservationId = order.ReservationId }, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("count the promotion uses", () => promotionUsage.Codes.Count == 0 ? Task.CompletedTask : promotions.TrackUsageAsync(promotionUsage, cancellationToken: ct).ResponseAsync),
            // Before the answer, so a checkout begun next does not find the bought items again.
            BestEffortAsync("take the bought items out of the cart", () => carts.RemoveOrderedItemsAsync(bought, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("create the shipment", () => shipping.CreateShipmentAsync(new CreateShipmentRequest
            {
                OrderId = order.OrderId,
                Method = order.Shipping.Method,
                WarehouseId = order.Shipping.WarehouseId,
                Destination = order.ShippingAddress,
            }, cancellationToken: ct).ResponseAsync));
        await submissions.EndAsync(record.OrderId, confirmed, null, ct);
        metrics.Confirmed();
        logger.LogInformation("Submission {OrderId} completed: order {OrderNumber} confirmed", record.OrderId, confirmed.OrderNumber);
        return confirmed;
    }

    /// <summary>Moves the record to Abandoning (so nobody carries it forward any more), then undoes.</summary>
    private async Task AbandonAsync(SubmissionRecord record, SubmissionStage from, StoredError error, CancellationToken ct)
    {
        try
        {
            record = await submissions.AdvanceAsync(record.OrderId, from, SubmissionStage.Abandoning, error, ct);
        }
        catch (DomainException ex) when (ex.Reason == "SUBMISSION_TAKEN_OVER")
        {
            // Another actor moved it first (recovery, or a parallel attempt): it carries it on.
            return;
        }

        await UndoAsync(record, ct);
    }

    /// <summary>Undoes a submission. Each undo is idempotent, does nothing where nothing was done, and runs even if another fails.</summary>
    private async Task UndoAsync(SubmissionRecord record, CancellationToken ct)
    {
        var orderId = record.OrderId;
        await Task.WhenAll(
            // Only a held submission has an order as its answer before it ends: its payment,
            // still waiting for review, is declined so it can never be approved later.
            BestEffortAsync("decline the held payment", () => record.Order is null ? Task.CompletedTask : payments.ReviewPaymentAsync(new ReviewPaymentRequest { OrderId = orderId, Approve = false, Reviewer = $"checkout ({record.Error?.Reason})" }, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("release the reservation", () => inventory.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = orderId }, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("release the promotion uses", () => promotions.ReleaseUsageAsync(new ReleaseUsageRequest { OrderId = orderId }, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("release the loyalty points", () => loyalty.ReleasePointsAsync(new ReleasePointsRequest { OrderId = orderId, CustomerId = record.CustomerId }, cancellationToken: ct).ResponseAsync),
            BestEffortAsync("mark the order failed", async () =>
            {
                try
                {
                    await orders.MarkPaymentFailedAsync(new MarkPaymentFailedRequest { OrderId = orderId, Reason = record.Error?.Message ?? string.Empty }, cancellationToken: ct);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    // The submission ended before the order was created.
                }
            }));
        await submissions.EndAsync(orderId, null, record.Error, ct);
        metrics.Failed(record.Error?.Reason ?? "UNKNOWN");
        logger.LogInformation("Submission {OrderId} undone: {Reason}", orderId, record.Error?.Reason);
    }

    /// <summary>How the charge of a Charging submission ended; a charge left PENDING is asked again (the gateway answers the first outcome). Null: never charged.</summary>
    private async Task<Contracts.Payment.V1.Payment?> PaymentOutcomeAsync(SubmissionRecord record, SubmitOrderRequest request, CancellationToken ct)
    {
        Contracts.Payment.V1.Payment payment;
        try
        {
            payment = (await payments.GetPaymentAsync(new GetPaymentRequest { OrderId = record.OrderId }, cancellationToken: ct)).Payment;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }

        return payment.Status != PaymentStatus.Unspecified
            ? payment
            : (await payments.ProcessPaymentAsync(new ProcessPaymentRequest { OrderId = record.OrderId, CustomerId = record.CustomerId, PaymentMethodId = request.PaymentMethodId, Amount = payment.Amount, BillingAddress = request.BillingAddress ?? request.ShippingAddress, ShippingAddress = request.ShippingAddress }, cancellationToken: ct)).Payment;
    }

    private async Task<Contracts.Order.V1.Order> OrderAsync(string orderId, CancellationToken ct) =>
        (await orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, cancellationToken: ct)).Order;

    private async Task BestEffortAsync(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RpcException ex)
        {
            logger.LogError(ex, "Submission step failed: {Step}", step);
        }
    }

    /// <summary>An error as the submission's answer: about the request itself (replayed to its key), or not (the key is released).</summary>
    private static StoredError Answer(Failure failure) => new(
        (int)failure.Code,
        failure.Reason,
        failure.Message,
        failure.Code is Google.Rpc.Code.InvalidArgument or Google.Rpc.Code.FailedPrecondition or Google.Rpc.Code.NotFound or Google.Rpc.Code.OutOfRange);

    private static DomainException PaymentFailure(Contracts.Payment.V1.Payment payment) => payment.Status switch
    {
        PaymentStatus.Declined => DomainErrors.FailedPrecondition("PAYMENT_DECLINED", payment.FailureReason),
        PaymentStatus.InsufficientFunds => DomainErrors.FailedPrecondition("INSUFFICIENT_FUNDS", payment.FailureReason),
        PaymentStatus.TimedOut => DomainErrors.FailedPrecondition("PAYMENT_TIMEOUT", payment.FailureReason),
        PaymentStatus.FraudDeclined => FraudSuspected,
        _ => DomainErrors.FailedPrecondition("PAYMENT_FAILED", "The payment did not go through."),
    };

    private static Contracts.Order.V1.Order NewOrder(SubmitOrderRequest request, CheckoutSession session, string orderId, OrderTotals totals, string estimatedDelivery, string last4)
    {
        var order = new Contracts.Order.V1.Order
        {
            OrderId = orderId,
            CustomerId = request.CustomerId,
            CheckoutSessionId = session.SessionId,
            ReservationId = orderId,
            ShippingAddress = request.ShippingAddress,
            BillingAddress = request.BillingAddress ?? request.ShippingAddress,
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
            Payment = new OrderPayment { Method = request.PaymentMethodType is { Length: > 0 } type ? type : "credit_card", Status = Contracts.Orders.OrderPaymentStatuses.Pending, Last4 = last4 },
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
}
