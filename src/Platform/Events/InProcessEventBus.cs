using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.Events;

/// <summary>
/// The embedded default for pub/sub: one bus shared by every service in the
/// standalone process. Each subscriber gets each event on its own queue, with
/// retries and backoff; an event that still fails is dead-lettered: logged and kept in
/// the subscribing app's state (<see cref="DeadLetterStore"/>), never dropped silently.
/// </summary>
public sealed class InProcessEventBus(ILogger<InProcessEventBus> logger, TimeProvider timeProvider, TimeSpan? retryBackoff = null) : IEventPublisher, IAsyncDisposable
{
    public const int MaxAttempts = 5;

    /// <summary>The first retry waits this long; each next one twice as long.</summary>
    private readonly TimeSpan _retryBackoff = retryBackoff ?? TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, ImmutableSubscriberList> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeadLetter> _deadLetters = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _pumps = [];
    private int _disposed;

    private readonly ConcurrentDictionary<(string AppId, string EventId), int> _deliveries = new();
    private readonly ConcurrentDictionary<(string AppId, string EventId, int Occurrence), TaskCompletionSource> _deliveryWaiters = new();

    public IReadOnlyCollection<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>
    /// Off by default. When on, the bus remembers handled deliveries so a test can await
    /// one (<see cref="WhenHandledAsync"/>) instead of sleeping; it grows with every event.
    /// </summary>
    public bool TrackDeliveries { get; set; }

    /// <summary>Completes when <paramref name="appId"/> has handled the event for the <paramref name="occurrence"/>-th time.</summary>
    public Task WhenHandledAsync(string appId, string eventId, int occurrence = 1) =>
        _deliveryWaiters.GetOrAdd((appId, eventId, occurrence), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <param name="appId">The subscribing app.</param>
    /// <param name="handler">Its consumer of the handler's topic.</param>
    /// <param name="deadLetters">Where the app keeps what its consumer gave up on (<see cref="DeadLetterStore.AddAsync"/>); without it, or when it fails, the bus keeps it in memory.</param>
    public void Subscribe(string appId, IEventConsumer handler, Func<string, CloudEvent, string, CancellationToken, Task>? deadLetters = null)
    {
        var queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
        var subscriber = new Subscriber(appId, handler, queue, deadLetters);
        _subscribers.AddOrUpdate(handler.Topic, _ => new ImmutableSubscriberList([subscriber]), (_, list) => new ImmutableSubscriberList([.. list.Items, subscriber]));
        lock (_pumps)
        {
            _pumps.Add(Task.Run(() => PumpAsync(subscriber)));
        }
    }

    /// <summary>
    /// Completes once every subscriber has handled the event or dead-lettered it: the bus keeps
    /// its queues in memory, so the outbox may forget an event only when it has been handled,
    /// or a crash would lose what was still queued.
    /// </summary>
    public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        if (!_subscribers.TryGetValue(topic, out var list))
        {
            return Task.CompletedTask;
        }

        var handled = new List<Task>(list.Items.Length);
        foreach (var subscriber in list.Items)
        {
            var delivery = new Delivery(cloudEvent with { Topic = topic }, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (subscriber.Queue.Writer.TryWrite(delivery))
            {
                handled.Add(delivery.Done.Task);
            }
        }

        return Task.WhenAll(handled);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task PumpAsync(Subscriber subscriber)
    {
        try
        {
            await foreach (var delivery in subscriber.Queue.Reader.ReadAllAsync(_stopping.Token))
            {
                await DeliverAsync(subscriber, delivery.Event);
                delivery.Done.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Subscriber subscriber, CloudEvent cloudEvent)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await subscriber.Handler.HandleAsync(cloudEvent, _stopping.Token);
                if (TrackDeliveries)
                {
                    var occurrence = _deliveries.AddOrUpdate((subscriber.AppId, cloudEvent.Id), 1, (_, n) => n + 1);
                    _deliveryWaiters.GetOrAdd((subscriber.AppId, cloudEvent.Id, occurrence), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                if (attempt >= MaxAttempts)
                {
                    logger.LogError(ex, "Dead-lettered event {EventId} on {Topic} for {AppId} after {Attempts} attempts", cloudEvent.Id, cloudEvent.Topic, subscriber.AppId, attempt);
                    await DeadLetterAsync(subscriber, cloudEvent, ex.Message);
                    return;
                }

                logger.LogWarning(ex, "Event {EventId} on {Topic} failed for {AppId} (attempt {Attempt}); retrying", cloudEvent.Id, cloudEvent.Topic, subscriber.AppId, attempt);
                await Task.Delay(_retryBackoff * (1 << (attempt - 1)), timeProvider, _stopping.Token);
            }
        }
    }

    /// <summary>Into the app's store when it has one; kept here, never dropped, when it has none or it fails.</summary>
    private async Task DeadLetterAsync(Subscriber subscriber, CloudEvent cloudEvent, string error)
    {
        if (subscriber.DeadLetters is { } keep)
        {
            try
            {
                await keep(cloudEvent.Topic ?? subscriber.Handler.Topic, cloudEvent, error, _stopping.Token);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                logger.LogError(ex, "Could not keep dead letter {EventId} in {AppId}'s state; kept in memory", cloudEvent.Id, subscriber.AppId);
            }
        }

        _deadLetters.Enqueue(new DeadLetter(subscriber.AppId, cloudEvent, error));
    }

    public sealed record DeadLetter(string AppId, CloudEvent Event, string Error);

    private sealed record Subscriber(string AppId, IEventConsumer Handler, Channel<Delivery> Queue, Func<string, CloudEvent, string, CancellationToken, Task>? DeadLetters);

    /// <summary>An event on a subscriber's queue, and who waits for it to be handled.</summary>
    private sealed record Delivery(CloudEvent Event, TaskCompletionSource Done);

    private sealed record ImmutableSubscriberList(Subscriber[] Items);
}
