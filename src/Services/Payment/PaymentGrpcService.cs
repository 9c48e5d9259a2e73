using Checkout.Contracts.Payment.V1;
using Checkout.Payment.Fraud;
using Checkout.Payment.Gateway;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Checkout.Payment;

public sealed class PaymentGrpcService(IStateStore store, PaymentVault vault, SimulatedGateway gateway, FraudLedger ledger, IOptions<FraudPolicy> policy, TimeProvider clock, ILogger<PaymentGrpcService> logger) : PaymentService.PaymentServiceBase
{
    public override async Task<ValidatePaymentMethodResponse> ValidatePaymentMethod(ValidatePaymentMethodRequest request, ServerCallContext context)
    {
        var card = await vault.FindAsync(request.CustomerId, request.PaymentMethodId, context.CancellationToken);
        var response = card switch
        {
            null => new ValidatePaymentMethodResponse { Valid = false, Reason = $"Payment method {request.PaymentMethodId} is not one of yours." },
            _ when !string.IsNullOrEmpty(request.Type) && request.Type != card.Type => new ValidatePaymentMethodResponse { Valid = false, Reason = $"Payment method {request.PaymentMethodId} is a {card.Type}, not a {request.Type}." },
            _ when card.ExpiredAt(clock.GetUtcNow()) => new ValidatePaymentMethodResponse { Valid = false, Expired = true, Reason = $"Payment method {request.PaymentMethodId} expired at the end of {card.ExpMonth:D2}/{card.ExpYear}." },
            _ => new ValidatePaymentMethodResponse { Valid = true, Last4 = card.Last4 },
        };
        return response;
    }

    /// <summary>
    /// Charges an order at most once. The record is written PENDING, with the card as it is
    /// now, before anything else; the fraud screening's verdict is kept on it before the
    /// gateway is called, and the gateway is called with the order id as its idempotency key:
    /// a retry, also one after a crash left the record PENDING, is not judged again and asks
    /// the gateway again for the same card, getting the first outcome, never a second charge.
    /// </summary>
    public override async Task<ProcessPaymentResponse> ProcessPayment(ProcessPaymentRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        if (request.Amount is not { MinorUnits: >= 0 } amount)
        {
            throw DomainErrors.InvalidArgument("amount", "amount must be zero or more.");
        }

        var key = PaymentRecord.Key(orderId);
        if (await store.GetJsonAsync<PaymentRecord>(key, ct) is null)
        {
            // The amount and card are the first attempt's: the order's price does not change on a retry.
            var card = await vault.FindAsync(request.CustomerId, request.PaymentMethodId, ct)
                ?? throw DomainErrors.InvalidArgument("paymentMethod", $"Payment method {request.PaymentMethodId} is not one of yours.");
            var claim = new PaymentRecord(orderId, request.CustomerId, card.PaymentMethodId, card.Type, card.Last4, amount.MinorUnits, PaymentRecord.Pending, null, null) { Card = card };
            await store.TrySaveJsonAsync(key, claim, ETags.MustNotExist, cancellationToken: ct);
        }

        var stored = (await store.GetJsonAsync<PaymentRecord>(key, ct))!;
        if (stored.Value.Status == PaymentRecord.Pending && stored.Value.Risk is null)
        {
            var verdict = await ScreenAsync(stored.Value, request.BillingAddress ?? request.ShippingAddress, request.ShippingAddress, ct);
            var judged = stored.Value with { Risk = new StoredRisk(verdict.Decision, verdict.Score, verdict.Reasons) };
            if (verdict.Decision != RiskDecision.Allow)
            {
                judged = judged with
                {
                    Status = verdict.Decision == RiskDecision.Review ? PaymentRecord.HeldForReview : PaymentRecord.FraudDeclined,
                    FailureReason = verdict.Decision == RiskDecision.Review ? "The payment is held for a fraud review." : "The payment was declined by the fraud checks.",
                };
            }

            // Lost to another attempt of the same order: its verdict stands, read below.
            if (await store.TrySaveJsonAsync(key, judged, stored.ETag, cancellationToken: ct))
            {
                logger.LogInformation("Payment of {OrderId} screened: {RiskDecision} (score {RiskScore}: {RiskReasons})", orderId, verdict.Decision, verdict.Score, string.Join(", ", verdict.Reasons));
                if (judged.Status == PaymentRecord.FraudDeclined)
                {
                    await ledger.SettleAsync(orderId, judged.CustomerId, judged.Card?.Fingerprint, ChargeOutcome.Declined, ct);
                }
            }

            stored = (await store.GetJsonAsync<PaymentRecord>(key, ct))!;
        }

        return new ProcessPaymentResponse { Payment = ToProto(await ChargeIfPendingAsync(stored, ct)) };
    }

    /// <summary>
    /// A reviewer's decision on a payment held for review, taken once under the record's
    /// ETag: approval returns it to PENDING (its verdict kept, so it is not judged again)
    /// and charges it; rejection declines it. A payment no longer held answers as it is; only
    /// an approval finishes a charge an earlier approval began. A rejection never charges.
    /// </summary>
    public override async Task<ReviewPaymentResponse> ReviewPayment(ReviewPaymentRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var reviewer = DomainErrors.Required(request.Reviewer, "reviewer").Trim();
        var key = PaymentRecord.Key(orderId);
        var stored = await store.GetJsonAsync<PaymentRecord>(key, ct)
            ?? throw DomainErrors.NotFound("PAYMENT_NOT_FOUND", $"Order {orderId} has no payment.");
        if (stored.Value.Status == PaymentRecord.HeldForReview)
        {
            var decided = request.Approve
                ? stored.Value with { Status = PaymentRecord.Pending, FailureReason = null, Reviewer = reviewer }
                : stored.Value with { Status = PaymentRecord.FraudDeclined, FailureReason = "The payment was declined in a fraud review.", Reviewer = reviewer };
            if (await store.TrySaveJsonAsync(key, decided, stored.ETag, cancellationToken: ct))
            {
                logger.LogInformation("Payment of {OrderId} {ReviewDecision} in review by {Reviewer}", orderId, request.Approve ? "approved" : "rejected", reviewer);
                if (!request.Approve)
                {
                    await ledger.SettleAsync(orderId, decided.CustomerId, decided.Card?.Fingerprint, ChargeOutcome.Declined, ct);
                }
            }

            stored = (await store.GetJsonAsync<PaymentRecord>(key, ct))!;
        }

        var approvedAndPending = request.Approve && stored.Value.Status == PaymentRecord.Pending && stored.Value.Reviewer is not null;
        return new ReviewPaymentResponse { Payment = ToProto(approvedAndPending ? await ChargeIfPendingAsync(stored, ct) : stored.Value) };
    }

    public override async Task<AddPaymentMethodResponse> AddPaymentMethod(AddPaymentMethodRequest request, ServerCallContext context)
    {
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        var card = await vault.AddFromTokenAsync(customerId, DomainErrors.Required(request.Token, "token"), clock.GetUtcNow(), context.CancellationToken);
        return new AddPaymentMethodResponse { PaymentMethod = ToProto(card) };
    }

    public override async Task<ListPaymentMethodsResponse> ListPaymentMethods(ListPaymentMethodsRequest request, ServerCallContext context) =>
        new() { PaymentMethods = { (await vault.ListAsync(DomainErrors.Required(request.CustomerId, "customerId"), context.CancellationToken)).Select(ToProto) } };

    public override async Task<RemovePaymentMethodResponse> RemovePaymentMethod(RemovePaymentMethodRequest request, ServerCallContext context)
    {
        await vault.RemoveAsync(DomainErrors.Required(request.CustomerId, "customerId"), DomainErrors.Required(request.PaymentMethodId, "paymentMethodId"), context.CancellationToken);
        return new RemovePaymentMethodResponse();
    }

    public override async Task<GetPaymentResponse> GetPayment(GetPaymentRequest request, ServerCallContext context)
    {
        var stored = await store.GetJsonAsync<PaymentRecord>(PaymentRecord.Key(request.OrderId), context.CancellationToken)
            ?? throw DomainErrors.NotFound("PAYMENT_NOT_FOUND", $"Order {request.OrderId} has no payment.");
        return new GetPaymentResponse { Payment = ToProto(stored.Value) };
    }

    /// <summary>Records the charge in its customer's and card's histories, then judges it against them.</summary>
    private async Task<RiskVerdict> ScreenAsync(PaymentRecord payment, Contracts.Common.V1.Address? billing, Contracts.Common.V1.Address? shipping, CancellationToken ct)
    {
        if (!policy.Value.Enabled)
        {
            return RiskVerdict.Unscreened;
        }

        var card = payment.Card ?? await vault.FindAsync(payment.CustomerId, payment.PaymentMethodId, ct);
        var facts = new ChargeFacts(payment.OrderId, payment.CustomerId, payment.AmountCents, billing?.Country, shipping?.Country, card is null ? GatewayRisk.Normal : SimulatedGateway.RiskOf(card));
        var (customer, cardHistory) = await ledger.RecordAsync(facts, card?.Fingerprint, ct);
        return FraudRules.Assess(facts, customer, cardHistory, policy.Value, clock.GetUtcNow());
    }

    /// <summary>
    /// Charges a PENDING payment that the screening (or a reviewer) let through, through the
    /// gateway with the order id as idempotency key, and records how it ended; any other
    /// payment answers as it is.
    /// </summary>
    private async Task<PaymentRecord> ChargeIfPendingAsync(Versioned<PaymentRecord> stored, CancellationToken ct)
    {
        var payment = stored.Value;
        if (payment.Status != PaymentRecord.Pending || payment.Risk is null)
        {
            return payment;
        }

        var card = payment.Card ?? await vault.FindAsync(payment.CustomerId, payment.PaymentMethodId, ct)
            ?? throw DomainErrors.FailedPrecondition("PAYMENT_METHOD_GONE", $"The card of order {payment.OrderId}'s payment is no longer known.");
        var outcome = await gateway.ChargeAsync(card, payment.AmountCents, payment.OrderId, ct);
        var result = payment with
        {
            Status = outcome.Result.ToString(),
            TransactionId = outcome.TransactionId,
            FailureReason = outcome.Result == GatewayResult.Completed ? null : outcome.Message,
        };
        if (!await store.TrySaveJsonAsync(PaymentRecord.Key(payment.OrderId), result, stored.ETag, cancellationToken: ct))
        {
            // Another attempt recorded the same gateway outcome first.
            return (await store.GetJsonAsync<PaymentRecord>(PaymentRecord.Key(payment.OrderId), ct))!.Value;
        }

        if (policy.Value.Enabled && outcome.Result is GatewayResult.Completed or GatewayResult.Declined or GatewayResult.InsufficientFunds)
        {
            await ledger.SettleAsync(payment.OrderId, payment.CustomerId, card.Fingerprint, outcome.Result == GatewayResult.Completed ? ChargeOutcome.Completed : ChargeOutcome.Declined, ct);
        }

        return result;
    }

    private PaymentMethod ToProto(VaultedCard card) => new()
    {
        PaymentMethodId = card.PaymentMethodId,
        Type = card.Type,
        Brand = card.Brand,
        Last4 = card.Last4,
        ExpMonth = card.ExpMonth,
        ExpYear = card.ExpYear,
        IsDefault = card.IsDefault,
        TestCard = card.Owner == PaymentVault.AnyCustomer,
        Expired = card.ExpiredAt(clock.GetUtcNow()),
    };

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
            PaymentRecord.FraudDeclined => PaymentStatus.FraudDeclined,
            PaymentRecord.HeldForReview => PaymentStatus.HeldForReview,
            _ => PaymentStatus.Unspecified,
        },
        FailureReason = record.FailureReason ?? string.Empty,
        Risk = record.Risk is { } risk ? new RiskAssessment { Decision = risk.Decision, Score = risk.Score, Reasons = { risk.Reasons } } : null,
    };
}
