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
    /// Charges an order at most once. The first attempt writes the payment PENDING, with the
    /// card as it is now and the fraud screening's verdict, before the gateway is called, and
    /// the gateway is called with the order id as its idempotency key: a retry, also one after a
    /// crash left the record PENDING, is not judged again and asks the gateway again for the
    /// same card, getting the first outcome, never a second charge.
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
        if (await JudgeOnceAsync(request, key, amount.MinorUnits, ct) is { Risk: { } risk })
        {
            logger.LogInformation("Payment of {OrderId} screened: {RiskDecision} (score {RiskScore}: {RiskReasons})", orderId, risk.Decision, risk.Score, string.Join(", ", risk.Reasons));
        }

        var stored = (await store.GetJsonAsync<PaymentRecord>(key, ct))!;
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
        var decidedNow = await store.UpdateAsync<bool>(async attemptCt =>
        {
            var stored = await store.GetJsonAsync<PaymentRecord>(key, attemptCt)
                ?? throw DomainErrors.NotFound("PAYMENT_NOT_FOUND", $"Order {orderId} has no payment.");
            if (stored.Value.Status != PaymentRecord.HeldForReview)
            {
                // Decided already: the first decision stands.
                return ([], false);
            }

            var decided = request.Approve
                ? stored.Value with { Status = PaymentRecord.Pending, FailureReason = null, Reviewer = reviewer }
                : stored.Value with { Status = PaymentRecord.FraudDeclined, FailureReason = "The payment was declined in a fraud review.", Reviewer = reviewer };
            var counted = request.Approve ? null : await SettledAsync(decided, decided.Card?.Fingerprint, ChargeOutcome.Declined, attemptCt);
            return ([StateOperation.Upsert(key, JsonStateExtensions.Serialize(decided), stored.ETag), .. counted?.Writes ?? []], true);
        }, $"The payment of {orderId}", ct);
        if (decidedNow)
        {
            logger.LogInformation("Payment of {OrderId} {ReviewDecision} in review by {Reviewer}", orderId, request.Approve ? "approved" : "rejected", reviewer);
        }

        var current = (await store.GetJsonAsync<PaymentRecord>(key, ct))!;
        var approvedAndPending = request.Approve && current.Value.Status == PaymentRecord.Pending && current.Value.Reviewer is not null;
        return new ReviewPaymentResponse { Payment = ToProto(approvedAndPending ? await ChargeIfPendingAsync(current, ct) : current.Value) };
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

    /// <summary>
    /// The first attempt's one transaction: the payment PENDING with the card as it is now and
    /// the screening's verdict (declined or held at once if the verdict says so), and the charge
    /// counted in its customer's and card's histories. Until it commits nothing was counted, so
    /// an attempt cut off before it is judged again by the next as if it had never run. Answers
    /// the payment as this attempt judged it, or null when another attempt had judged it already.
    /// </summary>
    private Task<PaymentRecord?> JudgeOnceAsync(ProcessPaymentRequest request, string key, long amountCents, CancellationToken ct) =>
        store.UpdateAsync<PaymentRecord?>(async attemptCt =>
        {
            var stored = await store.GetJsonAsync<PaymentRecord>(key, attemptCt);
            if (stored is not null && (stored.Value.Status != PaymentRecord.Pending || stored.Value.Risk is not null))
            {
                return ([], null);
            }

            // The amount and card are the first attempt's: the order's price does not change on a retry.
            var payment = stored?.Value ?? await NewPaymentAsync(request, amountCents, attemptCt);
            var (verdict, counted) = await ScreenAsync(payment, request.BillingAddress ?? request.ShippingAddress, request.ShippingAddress, attemptCt);
            var judged = payment with { Risk = new StoredRisk(verdict.Decision, verdict.Score, verdict.Reasons) };
            if (verdict.Decision != RiskDecision.Allow)
            {
                judged = judged with
                {
                    Status = verdict.Decision == RiskDecision.Review ? PaymentRecord.HeldForReview : PaymentRecord.FraudDeclined,
                    FailureReason = verdict.Decision == RiskDecision.Review ? "The payment is held for a fraud review." : "The payment was declined by the fraud checks.",
                };
            }

            if (judged.Status == PaymentRecord.FraudDeclined)
            {
                counted?.Settle(judged.OrderId, judged.CustomerId, ChargeOutcome.Declined);
            }

            return ([StateOperation.Upsert(key, JsonStateExtensions.Serialize(judged), stored?.ETag ?? ETags.MustNotExist), .. counted?.Writes ?? []], judged);
        }, $"The payment of {request.OrderId}", ct);

    private async Task<PaymentRecord> NewPaymentAsync(ProcessPaymentRequest request, long amountCents, CancellationToken ct)
    {
        var card = await vault.FindAsync(request.CustomerId, request.PaymentMethodId, ct)
            ?? throw DomainErrors.InvalidArgument("paymentMethod", $"Payment method {request.PaymentMethodId} is not one of yours.");
        return new PaymentRecord(request.OrderId, request.CustomerId, card.PaymentMethodId, card.Type, card.Last4, amountCents, PaymentRecord.Pending, null, null) { Card = card };
    }

    /// <summary>Counts the charge in its customer's and card's histories (not yet written), then judges it against them.</summary>
    private async Task<(RiskVerdict Verdict, ChargeHistories? Counted)> ScreenAsync(PaymentRecord payment, Contracts.Common.V1.Address? billing, Contracts.Common.V1.Address? shipping, CancellationToken ct)
    {
        if (!policy.Value.Enabled)
        {
            return (RiskVerdict.Unscreened, null);
        }

        var card = payment.Card ?? await vault.FindAsync(payment.CustomerId, payment.PaymentMethodId, ct);
        var facts = new ChargeFacts(payment.OrderId, payment.CustomerId, payment.AmountCents, billing?.Country, shipping?.Country, card is null ? GatewayRisk.Normal : SimulatedGateway.RiskOf(card));
        var histories = await ledger.ReadAsync(payment.CustomerId, card?.Fingerprint, ct);
        histories.Record(facts);
        return (FraudRules.Assess(facts, histories.Customer, histories.Card, policy.Value, clock.GetUtcNow()), histories);
    }

    /// <summary>The histories with the charge's outcome counted, to write with the payment that records it; null when the screening is off.</summary>
    private async Task<ChargeHistories?> SettledAsync(PaymentRecord payment, string? cardFingerprint, ChargeOutcome outcome, CancellationToken ct)
    {
        if (!policy.Value.Enabled)
        {
            return null;
        }

        var histories = await ledger.ReadAsync(payment.CustomerId, cardFingerprint, ct);
        histories.Settle(payment.OrderId, payment.CustomerId, outcome);
        return histories;
    }

    /// <summary>
    /// Charges a PENDING payment that the screening (or a reviewer) let through, through the
    /// gateway with the order id as idempotency key, and records how it ended, with the outcome
    /// counted in the histories in the same transaction; any other payment answers as it is.
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
        var key = PaymentRecord.Key(payment.OrderId);
        return await store.UpdateAsync<PaymentRecord>(async attemptCt =>
        {
            var current = (await store.GetJsonAsync<PaymentRecord>(key, attemptCt))!;
            if (current.ETag != stored.ETag)
            {
                // Another attempt recorded the same gateway outcome first, and counted it.
                return ([], current.Value);
            }

            var counted = outcome.Result is GatewayResult.Completed or GatewayResult.Declined or GatewayResult.InsufficientFunds
                ? await SettledAsync(payment, card.Fingerprint, outcome.Result == GatewayResult.Completed ? ChargeOutcome.Completed : ChargeOutcome.Declined, attemptCt)
                : null;
            return ([StateOperation.Upsert(key, JsonStateExtensions.Serialize(result), stored.ETag), .. counted?.Writes ?? []], result);
        }, $"The payment of {payment.OrderId}", ct);
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
