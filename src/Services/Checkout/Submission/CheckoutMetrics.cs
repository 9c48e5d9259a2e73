using System.Diagnostics.Metrics;
using Checkout.Platform.Telemetry;

namespace Checkout.Checkouts;

/// <summary>How submissions end: started, confirmed, held for review, failed by reason, and what the charge answered.</summary>
public sealed class CheckoutMetrics(AppMeter meter)
{
    private readonly Counter<long> _started = meter.Meter.CreateCounter<long>("checkout.started", description: "Checkout submissions that locked their session and began the saga.");
    private readonly Counter<long> _confirmed = meter.Meter.CreateCounter<long>("checkout.confirmed", description: "Checkouts that ended with a confirmed order.");
    private readonly Counter<long> _failed = meter.Meter.CreateCounter<long>("checkout.failed", description: "Checkouts undone, by the reason the client was given.");
    private readonly Counter<long> _held = meter.Meter.CreateCounter<long>("checkout.held_for_review", description: "Checkouts whose payment the fraud checks held for a reviewer.");
    private readonly Counter<long> _payments = meter.Meter.CreateCounter<long>("checkout.payments", description: "Charges asked for by checkouts, by outcome (the payment status).");

    public void Started() => _started.Add(1);

    public void Confirmed() => _confirmed.Add(1);

    public void HeldForReview() => _held.Add(1);

    public void Failed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Charged(Contracts.Payment.V1.PaymentStatus status) =>
        _payments.Add(1, new KeyValuePair<string, object?>("outcome", status.ToString().ToUpperInvariant()));
}
