using Checkout.Contracts.Payment.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Payment;

public sealed class PaymentGrpcService(IStateStore store, SimulatedGateway gateway) : PaymentService.PaymentServiceBase
{
    public override Task<ValidatePaymentMethodResponse> ValidatePaymentMethod(ValidatePaymentMethodRequest request, ServerCallContext context)
    {
        var card = PaymentVault.Find(request.CustomerId, request.PaymentMethodId);
        var response = card switch
        {
            null => new ValidatePaymentMethodResponse { Valid = false, Reason = $"Payment method {request.PaymentMethodId} is not one of yours." },
            _ when !string.IsNullOrEmpty(request.Type) && request.Type != card.Type => new ValidatePaymentMethodResponse { Valid = false, Reason = $"Payment method {request.PaymentMethodId} is a {card.Type}, not a {request.Type}." },
            _ => new ValidatePaymentMethodResponse { Valid = true, Last4 = card.Last4 },
        };
        return Task.FromResult(response);
    }

    /// <summary>
    /// Charges an order at most once. The record is written PENDING before the gateway is
    /// called, and the gateway is called with the order id as its idempotency key: a retry,
    /// also one after a crash left the record PENDING, asks the gateway again and gets the
    /// first outcome, never a second charge.
    /// </summary>
    public override async Task<ProcessPaymentResponse> ProcessPayment(ProcessPaymentRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        if (request.Amount is not { MinorUnits: >= 0 } amount)
        {
            throw DomainErrors.InvalidArgument("amount", "amount must be zero or more.");
        }

        var card = PaymentVault.Find(request.CustomerId, request.PaymentMethodId)
            ?? throw DomainErrors.InvalidArgument("paymentMethod", $"Payment method {request.PaymentMethodId} is not one of yours.");

        var key = PaymentRecord.Key(orderId);
        var claim = new PaymentRecord(orderId, request.CustomerId, card.PaymentMethodId, card.Type, card.Last4, amount.MinorUnits, PaymentRecord.Pending, null, null);
        await store.TrySaveJsonAsync(key, claim, ETags.MustNotExist, cancellationToken: context.CancellationToken);
        var stored = (await store.GetJsonAsync<PaymentRecord>(key, context.CancellationToken))!;
        if (stored.Value.Status != PaymentRecord.Pending)
        {
            return new ProcessPaymentResponse { Payment = ToProto(stored.Value) };
        }

        // The amount and card are the first attempt's: the order's price does not change on a retry.
        var first = stored.Value;
        var outcome = await gateway.ChargeAsync(PaymentVault.Find(first.CustomerId, first.PaymentMethodId) ?? card, first.AmountCents, orderId, context.CancellationToken);
        var result = first with
        {
            Status = outcome.Result.ToString(),
            TransactionId = outcome.TransactionId,
            FailureReason = outcome.Result == GatewayResult.Completed ? null : outcome.Message,
        };
        await store.TrySaveJsonAsync(key, result, stored.ETag, cancellationToken: context.CancellationToken);
        return new ProcessPaymentResponse { Payment = ToProto(result) };
    }

    public override async Task<GetPaymentResponse> GetPayment(GetPaymentRequest request, ServerCallContext context)
    {
        var stored = await store.GetJsonAsync<PaymentRecord>(PaymentRecord.Key(request.OrderId), context.CancellationToken)
            ?? throw DomainErrors.NotFound("PAYMENT_NOT_FOUND", $"Order {request.OrderId} has no payment.");
        return new GetPaymentResponse { Payment = ToProto(stored.Value) };
    }

    private static Contracts.Payment.V1.Payment ToProto(PaymentRecord record) => new()
    {
        TransactionId = record.TransactionId ?? string.Empty,
        OrderId = record.OrderId,
        Amount = MoneyExtensions.Cents(record.AmountCents),
        Method = record.Method,
        Last4 = record.Last4,
        Status = record.Status switch
        {
            nameof(GatewayResult.Completed) => PaymentStatus.Completed,
            nameof(GatewayResult.Declined) => PaymentStatus.Declined,
            nameof(GatewayResult.InsufficientFunds) => PaymentStatus.InsufficientFunds,
            nameof(GatewayResult.TimedOut) => PaymentStatus.TimedOut,
            _ => PaymentStatus.Unspecified,
        },
        FailureReason = record.FailureReason ?? string.Empty,
    };
}
