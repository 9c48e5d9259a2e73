using System.Text.Json;
using Checkout.Platform.Errors;
using Checkout.Platform.Events;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Platform;

public sealed class DeadLetterStoreTests
{
    /// <summary>A consumer that refuses until told otherwise.</summary>
    private sealed class Flaky : IEventConsumer
    {
        public bool Refuse { get; set; } = true;

        public List<string> Handled { get; } = [];

        public string Topic => "order.created";

        public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
        {
            if (Refuse)
            {
                throw new InvalidOperationException("customer store is down");
            }

            Handled.Add(cloudEvent.Id);
            return Task.CompletedTask;
        }
    }

    private readonly Flaky _consumer = new();
    private readonly InMemoryStateStore _state = new(TimeProvider.System);

    private DeadLetterStore Store() => new(_state, [_consumer], TestMeters.Events("customer"), TimeProvider.System);

    private static CloudEvent Event(string id) => new() { Id = id, Type = "order.created", Source = "order-service", Data = JsonSerializer.SerializeToElement(new { orderId = id }) };

    [Fact]
    public async Task A_dead_letter_is_kept_once_with_its_topic_and_latest_error()
    {
        var store = Store();

        await store.AddAsync("order.created", Event("evt-1"), "first error", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-1"), "second error", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-2"), "other", CancellationToken.None);

        var kept = await Store().ListAsync(CancellationToken.None);
        Assert.Equal(["evt-1", "evt-2"], kept.Select(d => d.Event.Id));
        Assert.Equal(("order.created", "second error"), (kept[0].Topic, kept[0].Error));
    }

    [Fact]
    public async Task A_replay_the_consumer_handles_forgets_the_dead_letter()
    {
        var store = Store();
        await store.AddAsync("order.created", Event("evt-1"), "down", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-2"), "down", CancellationToken.None);
        _consumer.Refuse = false;

        var replayed = await store.ReplayAsync("order.created", "evt-1", CancellationToken.None);

        Assert.Equal("evt-1", replayed.Event.Id);
        Assert.Equal(["evt-1"], _consumer.Handled);
        Assert.Equal(["evt-2"], (await store.ListAsync(CancellationToken.None)).Select(d => d.Event.Id));
        Assert.Null(await _state.GetAsync(DeadLetterStore.Key("order.created", "evt-1")));
    }

    [Fact]
    public async Task A_replay_refused_again_keeps_the_dead_letter_with_the_new_error()
    {
        var store = Store();
        await store.AddAsync("order.created", Event("evt-1"), "old error", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DomainException>(() => store.ReplayAsync("order.created", "evt-1", CancellationToken.None));

        Assert.Equal("REPLAY_FAILED", refused.Reason);
        Assert.Equal("customer store is down", Assert.Single(await store.ListAsync(CancellationToken.None)).Error);
    }

    [Fact]
    public async Task A_replay_of_a_dead_letter_not_kept_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<DomainException>(() => Store().ReplayAsync("order.created", "evt-9", CancellationToken.None));

        Assert.Equal("DEAD_LETTER_NOT_FOUND", missing.Reason);
    }

    [Fact]
    public async Task Nothing_kept_lists_nothing()
    {
        Assert.Empty(await Store().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_dead_letter_is_counted_once_however_often_it_is_kept()
    {
        var counted = new List<(long Value, string? Topic)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "checkout.event.dead_letters")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => counted.Add((value, tags.ToArray().Single(t => t.Key == "topic").Value as string)));
        listener.Start();
        var store = Store();

        await store.AddAsync("order.created", Event("evt-1"), "first", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-1"), "again", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-2"), "other", CancellationToken.None);

        Assert.Equal([(1L, "order.created"), (1L, "order.created")], counted);
    }

    [Fact]
    public async Task A_replay_keeps_the_other_dead_letters_listed()
    {
        var store = Store();
        await store.AddAsync("order.created", Event("evt-1"), "down", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-2"), "down", CancellationToken.None);
        await store.AddAsync("order.created", Event("evt-3"), "down", CancellationToken.None);
        _consumer.Refuse = false;

        await store.ReplayAsync("order.created", "evt-2", CancellationToken.None);

        Assert.Equal(["evt-1", "evt-3"], (await Store().ListAsync(CancellationToken.None)).Select(d => d.Event.Id));
        Assert.Null(await _state.GetAsync(DeadLetterStore.Key("order.created", "evt-2")));
    }
}
