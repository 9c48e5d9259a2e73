using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Payment.V1;
using Google.Protobuf.WellKnownTypes;

namespace Checkout.Checkouts;

/// <summary>The reviewer's queue: the submissions whose payment waits for a fraud review, with what the screening found.</summary>
public sealed class HeldOrders(SubmissionStore submissions, PaymentService.PaymentServiceClient payments)
{
    public async Task<IReadOnlyList<HeldOrder>> ListAsync(CancellationToken cancellationToken)
    {
        var held = await submissions.HeldAsync(cancellationToken);
        var risks = await Task.WhenAll(held.Select(async r => (await payments.GetPaymentAsync(new GetPaymentRequest { OrderId = r.OrderId }, cancellationToken: cancellationToken)).Payment));
        return [.. held.Zip(risks, (record, payment) => new HeldOrder
        {
            OrderId = record.OrderId,
            CustomerId = record.CustomerId,
            PlacedAt = Timestamp.FromDateTimeOffset(record.StartedAt),
            ReviewBy = Timestamp.FromDateTimeOffset(record.ReviewBy),
            Amount = payment.Amount,
            RiskScore = payment.Risk?.Score ?? 0,
            RiskReasons = { payment.Risk?.Reasons ?? [] },
        })];
    }
}
