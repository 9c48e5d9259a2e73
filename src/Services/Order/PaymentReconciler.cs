using Checkout.Contracts.Pricing;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Grpc.Core;

namespace Checkout.Order;

/// <summary>
/// Settles orders a submission left PENDING_PAYMENT (the BFF died or lost Order between the
/// charge and the confirmation): Payment's record of the order decides. A completed payment
/// settles its loyalty points and confirms the order (and order.created goes out as usual,
/// so stock is confirmed and the cart emptied); a failed one marks it PAYMENT_FAILED; an order never charged is given
/// up once its stock reservation has lapsed. Orders younger than <see cref="Grace"/> are
/// left alone: their submission may still be running.
/// </summary>
public sealed class PaymentReconciler(
    OrderStore orders,
    PaymentService.PaymentServiceClient payments,
    LoyaltyService.LoyaltyServiceClient loyalty,
    TimeProvider clock,
    ILogger<PaymentReconciler> logger) : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>After this long without a payment the reservation has lapsed (15 minutes) and the order cannot be paid.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(16);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>One pass over the orders awaiting payment; returns how many it settled.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        foreach (var orderId in await orders.AwaitingPaymentAsync(cancellationToken))
        {
            var order = await orders.GetAsync(orderId, cancellationToken);
            var age = clock.GetUtcNow() - order.CreatedAt.ToDateTimeOffset();
            if (order.Status != OrderStatus.PendingPayment || age < Grace)
            {
                continue;
            }

            Contracts.Payment.V1.Payment? payment;
            try
            {
                payment = (await payments.GetPaymentAsync(new GetPaymentRequest { OrderId = orderId }, cancellationToken: cancellationToken)).Payment;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                payment = null;
            }

            switch (payment?.Status)
            {
                case PaymentStatus.Completed:
                    logger.LogWarning("Order {OrderId} was paid but never confirmed; confirming it now", orderId);
                    await orders.ConfirmAsync(orderId, new OrderPayment { TransactionId = payment.TransactionId, Method = payment.Method, Status = "COMPLETED", Last4 = payment.Last4 }, await SettleLoyaltyAsync(order, cancellationToken), null, cancellationToken);
                    settled++;
                    break;
                case PaymentStatus.Declined or PaymentStatus.InsufficientFunds or PaymentStatus.TimedOut:
                    await orders.MarkPaymentFailedAsync(orderId, payment.FailureReason, cancellationToken);
                    settled++;
                    break;
                case null when age >= Abandoned:
                    await orders.MarkPaymentFailedAsync(orderId, "Abandoned before payment.", cancellationToken);
                    settled++;
                    break;
            }
        }

        return settled;
    }

    /// <summary>Spends and earns the order's points as the submission would have (idempotent per order).</summary>
    private async Task<OrderLoyalty?> SettleLoyaltyAsync(Contracts.Order.V1.Order order, CancellationToken cancellationToken)
    {
        var pointsUsed = order.Pricing.Discounts.Where(d => d.Type == DiscountTypes.LoyaltyPoints).Sum(d => d.PointsUsed);
        try
        {
            var settled = await loyalty.SettleOrderAsync(new SettleOrderRequest { OrderId = order.OrderId, CustomerId = order.CustomerId, PointsUsed = pointsUsed, OrderTotal = order.Pricing.Total }, cancellationToken: cancellationToken);
            return new OrderLoyalty { PointsEarned = settled.PointsEarned, PointsUsed = settled.PointsUsed, NewBalance = settled.NewBalance };
        }
        catch (RpcException ex)
        {
            // The customer has paid: confirm anyway; the points can be settled by hand.
            logger.LogError(ex, "Loyalty settlement of reconciled order {OrderId} failed", order.OrderId);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose: the pass is plumbing; the ages it compares come from the clock.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Reconciling orders awaiting payment failed; trying again in {Interval}", Interval);
            }
        }
    }
}
