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

    /// <summary>Charges an order at most once: a retry returns the first attempt's result.</summary>
    public override async Task<ProcessPaymentResponse> ProcessPayment(ProcessPaymentRequest request, ServerCallContext context)
    {
        var orderId = string.IsNullOrWhiteSpace(request.OrderId) ? throw RpcErrors.InvalidArgument("orderId", "order_id is required.") : request.OrderId;
        if (request.Amount is not { MinorUnits: >= 0 } amount)
        {
            throw RpcErrors.InvalidArgument("amount", "amount must be zero or more.");
        }

        var card = PaymentVault.Find(request.CustomerId, request.PaymentMethodId)
            ?? throw RpcErrors.InvalidArgument("paymentMethod", $"Payment method {request.PaymentMethodId} is not one of yours.");

        var key = PaymentRecord.Key(orderId);
        var claim = new PaymentRecord(orderId, request.CustomerId, card.PaymentMethodId, card.Type, card.Last4, amount.MinorUnits, PaymentRecord.Pending, null, null);
        if (!await store.TrySaveJsonAsync(key, claim, ETags.MustNotExist, cancellationToken: context.CancellationToken))
        {
            var existing = (await store.GetJsonAsync<PaymentRecord>(key, context.CancellationToken))!.Value;
            return existing.Status == PaymentRecord.Pending
                ? throw RpcErrors.Create(StatusCode.Aborted, "PAYMENT_IN_PROGRESS", $"A payment for {orderId} is already in progress.")
                : new ProcessPaymentResponse { Payment = ToProto(existing) };
        }

        var claimed = (await store.GetJsonAsync<PaymentRecord>(key, context.CancellationToken))!;
        var outcome = gateway.Charge(card, amount.MinorUnits);
        var result = claim with
        {
            Status = outcome.Result.ToString(),
            TransactionId = outcome.TransactionId,
            FailureReason = outcome.Result == GatewayResult.Completed ? null : outcome.Message,
        };
        await store.TrySaveJsonAsync(key, result, claimed.ETag, cancellationToken: context.CancellationToken);
        return new ProcessPaymentResponse { Payment = ToProto(result) };
    }

    public override async Task<GetPaymentResponse> GetPayment(GetPaymentRequest request, ServerCallContext context)
    {
        var stored = await store.GetJsonAsync<PaymentRecord>(PaymentRecord.Key(request.OrderId), context.CancellationToken)
            ?? throw RpcErrors.NotFound("PAYMENT_NOT_FOUND", $"Order {request.OrderId} has no payment.");
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
