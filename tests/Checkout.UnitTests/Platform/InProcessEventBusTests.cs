using Checkout.Platform.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkout.UnitTests.Platform;

public sealed class InProcessEventBusTests
{
    private static CloudEvent Event(string id) => new() { Id = id, Type = "order.created", Source = "order-service" };

    [Fact]
    public async Task Retries_wait_twice_as_long_each_time_from_the_backoff_given()
    {
        var clock = new RecordingDelays();
        await using var bus = new InProcessEventBus(NullLogger<InProcessEventBus>.Instance, clock, TimeSpan.FromMilliseconds(3));
        var failing = new FlakyHandler(failures: int.MaxValue);
        bus.Subscribe("notification", failing);

        await bus.PublishAsync("orders", Event("evt-backoff"));
        await failing.GaveUp.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([3, 6, 12, 24], clock.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task A_tracking_bus_lets_a_test_await_the_second_handling_of_an_event()
    {
        await using var bus = new InProcessEventBus(NullLogger<InProcessEventBus>.Instance, TimeProvider.System, TimeSpan.Zero) { TrackDeliveries = true };
        bus.Subscribe("cart", new FlakyHandler(failures: 0));

        await bus.PublishAsync("orders", Event("evt-twice"));
        await bus.PublishAsync("orders", Event("evt-twice"));

        await bus.WhenHandledAsync("cart", "evt-twice", occurrence: 2).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The system clock, noting every delay asked of it (Task.Delay asks for a timer).</summary>
    private sealed class RecordingDelays : TimeProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Enqueue(dueTime);
            return System.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public async Task A_failing_handler_is_retried_until_it_succeeds()
    {
        await using var bus = new InProcessEventBus(NullLogger<InProcessEventBus>.Instance, TimeProvider.System, TimeSpan.Zero);
        var handler = new FlakyHandler(failures: 2);
        bus.Subscribe("cart", handler);

        await bus.PublishAsync("orders", Event("evt-1"));

        Assert.Equal("evt-1", (await handler.Handled.Task.WaitAsync(TimeSpan.FromSeconds(10))).Id);
        Assert.Equal(3, handler.Attempts);
        Assert.Empty(bus.DeadLetters);
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_dead_lettered_not_dropped()
    {
        await using var bus = new InProcessEventBus(NullLogger<InProcessEventBus>.Instance, TimeProvider.System, TimeSpan.Zero);
        var failing = new FlakyHandler(failures: int.MaxValue);
        var healthy = new FlakyHandler(failures: 0);
        bus.Subscribe("notification", failing);
        bus.Subscribe("analytics", healthy);

        await bus.PublishAsync("orders", Event("evt-2"));
        await healthy.Handled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await failing.GaveUp.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await bus.DisposeAsync();

        var dead = Assert.Single(bus.DeadLetters);
        Assert.Equal("notification", dead.AppId);
        Assert.Equal("evt-2", dead.Event.Id);
        Assert.Equal(InProcessEventBus.MaxAttempts, failing.Attempts);
    }

    private sealed class FlakyHandler(int failures) : IEventConsumer
    {
        public TaskCompletionSource<CloudEvent> Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource GaveUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Attempts { get; private set; }

        public string Topic => "orders";

        public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
        {
            Attempts++;
            if (Attempts <= failures)
            {
                if (Attempts == InProcessEventBus.MaxAttempts)
                {
                    GaveUp.SetResult();
                }

                throw new InvalidOperationException($"attempt {Attempts} fails");
            }

            Handled.TrySetResult(cloudEvent);
            return Task.CompletedTask;
        }
    }
}
