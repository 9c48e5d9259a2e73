using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Grpc.Core;

namespace Checkout.Order;

/// <summary>
/// Settles orders a submission left PENDING_PAYMENT (the BFF died or lost Order between the
/// charge and the confirmation): Payment's record of the order decides. A completed payment
/// confirms the order (and order.created goes out as usual, so stock is confirmed and the
/// cart emptied); a failed one marks it PAYMENT_FAILED; an order never charged is given
/// up once its stock reservation has lapsed. Orders younger than <see cref="Grace"/> are
/// left alone: their submission may still be running.
/// </summary>
public sealed class PaymentReconciler(
    OrderStore orders,
    PaymentService.PaymentServiceClient payments,
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
                    await orders.ConfirmAsync(orderId, new OrderPayment { TransactionId = payment.TransactionId, Method = payment.Method, Status = "COMPLETED", Last4 = payment.Last4 }, null, null, cancellationToken);
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
