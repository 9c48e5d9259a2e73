using System.Diagnostics.Metrics;
using Checkout.Platform.Telemetry;

namespace Checkout.Platform.Events;

/// <summary>What an app's events do: handling attempts and their outcome, dead letters, and the outbox not yet published.</summary>
public sealed class EventMetrics
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _deadLetters;
    private readonly Meter _meter;
    private ObservableGauge<long>? _outboxBacklogGauge;
    private long _outboxBacklog;

    public EventMetrics(AppMeter meter)
    {
        _meter = meter.Meter;
        _attempts = meter.Meter.CreateCounter<long>("checkout.event.handling.attempts", description: "Deliveries of an event to this app's consumer, by topic and outcome (success, failure).");
        _deadLetters = meter.Meter.CreateCounter<long>("checkout.event.dead_letters", description: "Events this app's consumer gave up on, by topic.");
    }

    public void Handled(string topic, bool succeeded) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));

    public void DeadLettered(string topic) => _deadLetters.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <summary>What the outbox found pending at its sweep (the gauge exists only in apps with an outbox).</summary>
    public void OutboxBacklog(long pending)
    {
        Volatile.Write(ref _outboxBacklog, pending);
        _outboxBacklogGauge ??= _meter.CreateObservableGauge("checkout.outbox.backlog", () => Volatile.Read(ref _outboxBacklog), description: "Committed events the outbox had not yet published at its last sweep.");
    }
}
