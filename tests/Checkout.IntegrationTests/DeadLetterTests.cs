using System.Text.Json;
using Checkout.Contracts.DeadLetters.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Events;
using Checkout.Platform.Hosting;
using Grpc.Core;

namespace Checkout.IntegrationTests;

/// <summary>
/// An event every consumer refuses, on the embedded bus: after its attempts each service keeps
/// it in its own state, lists it over gRPC (checkout.deadletters.v1) and replays it on demand.
/// </summary>
[Collection(ProcessMetricsCollection.Name)]
public sealed class DeadLetterTests : OwnMesh
{
    /// <summary>Its own mesh: the refused event leaves dead letters in every consumer.</summary>
    protected override Standalone.MeshOptions Configure(Standalone.MeshOptions options) => options;

    /// <summary>An order.created whose data no consumer can read.</summary>
    private static CloudEvent Unreadable(string id) => new()
    {
        Id = id,
        Type = "order.created",
        Source = "order-service",
        Data = JsonSerializer.SerializeToElement("not an order"),
    };

    private static readonly string[] Consumers = [AppIds.Order, AppIds.Cart, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory];

    [Fact]
    public async Task Every_consumer_keeps_what_it_gave_up_on_lists_it_and_a_replay_refused_again_keeps_it()
    {
        // Completes once every subscriber handled or dead-lettered it (five attempts each).
        await Mesh.EventBus.PublishAsync("order.created", Unreadable("evt-unreadable-1"));

        foreach (var app in Consumers)
        {
            var listed = await new DeadLetterService.DeadLetterServiceClient(Channel(app)).ListDeadLettersAsync(new ListDeadLettersRequest());
            var kept = Assert.Single(listed.DeadLetters);
            Assert.Equal(("evt-unreadable-1", "order.created", "order.created"), (kept.EventId, kept.Topic, kept.EventType));
            Assert.NotEmpty(kept.Error);
            Assert.Contains("\"not an order\"", kept.CloudEventJson, StringComparison.Ordinal);
        }

        // The BFF keeps no state: its dead letter stays with the bus, in memory, and is logged.
        Assert.Equal([AppIds.Bff], Mesh.EventBus.DeadLetters.Select(d => d.AppId));

        var customer = new DeadLetterService.DeadLetterServiceClient(Channel(AppIds.Customer));
        var refused = await Assert.ThrowsAsync<RpcException>(() => customer.ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Topic = "order.created", EventId = "evt-unreadable-1" }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "REPLAY_FAILED"), (refused.StatusCode, RpcErrors.ReasonOf(refused)));
        Assert.Single((await customer.ListDeadLettersAsync(new ListDeadLettersRequest())).DeadLetters);

        var missing = await Assert.ThrowsAsync<RpcException>(() => customer.ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Topic = "order.created", EventId = "evt-never" }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "DEAD_LETTER_NOT_FOUND"), (missing.StatusCode, RpcErrors.ReasonOf(missing)));

        var metrics = await Anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("checkout_event_dead_letters_total{", StringComparison.Ordinal)
            && line.Contains("otel_scope_checkout_app=\"customer\"", StringComparison.Ordinal)
            && line.Contains($"otel_scope_checkout_process=\"{Mesh.BffAddress}\"", StringComparison.Ordinal)
            && line.EndsWith("} 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replay_names_the_event()
    {
        var customer = new DeadLetterService.DeadLetterServiceClient(Channel(AppIds.Customer));

        var refused = await Assert.ThrowsAsync<RpcException>(() => customer.ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Topic = "order.created" }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_EVENT_ID"), (refused.StatusCode, RpcErrors.ReasonOf(refused)));
    }
}
