using System.Net;
using System.Text.Json;
using Checkout.Contracts.Events;
using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>dapr.yaml's resources: SQLite state, Redis pub/sub.</summary>
public sealed class DaprModeOnSqliteTests : DaprModeTests
{
    protected override string RunFile => "dapr.yaml";
}

/// <summary>dapr.slim.yaml's resources: PostgreSQL v2 state, Redis pub/sub.</summary>
public sealed class DaprModeOnPostgresTests : DaprModeTests
{
    protected override string RunFile => "dapr.slim.yaml";
}

/// <summary>
/// The whole checkout with every app in Dapr mode: each app talks only to its own sidecar
/// (a test double of daprd loading a run file's resources), for state, for events and for
/// calls to other apps. The tests assert what crossed the wire.
/// </summary>
public abstract class DaprModeTests : IAsyncLifetime
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] CreatedConsumers = [AppIds.Cart, AppIds.Bff, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order];
    private DaprMesh _dapr = null!;
    private Grpc.Net.Client.GrpcChannel? _channel;

    protected abstract string RunFile { get; }

    public async Task InitializeAsync() => _dapr = await DaprMesh.StartAsync(RunFile);

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await _dapr.DisposeAsync();
    }

    [Fact]
    public async Task The_whole_checkout_runs_on_the_sidecars()
    {
        using var shopper = await Shopper.CreateAsync(_dapr.Mesh.BffAddress, _dapr.Anonymous, "CUST-12345");
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var order = await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), "PM-001", promotionCodes: ["SUMMER2024"], loyaltyPointsToUse: 500), "dapr-key-1")).ReadAsync(HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetString()!;
        Assert.Equal(431.63m, order.GetProperty("pricing").Money("total"));

        var created = $"evt-{orderId}-created";
        await Task.WhenAll(
            new[] { AppIds.Cart, AppIds.Bff, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order }
                .Select(app => _dapr.Sidecars.Broker.WhenDeliveredAsync(app, created))
                .Append(_dapr.Sidecars.Broker.WhenDeliveredAsync(AppIds.Shipping, $"evt-{orderId}-processing")))
            .WaitAsync(EventTimeout);
        Assert.Equal("PROCESSING", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
        Assert.Empty((await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());

        var wire = _dapr.Sidecars.Wire.Calls;

        // State: only declared stores, keys as the services name them, ETags and TTLs as Dapr expects them.
        Assert.All(wire.Where(c => c.Store is not null), c => Assert.Equal("statestore", c.Store));
        var cartWrites = wire.Where(c => c.AppId == AppIds.Cart && c.Key == "cart:CUST-12345" && c.Path == "upsert").ToList();
        Assert.Contains(cartWrites, c => c.ETag is null && c.Concurrency == "first-write");
        Assert.Contains(cartWrites, c => c.ETag is not null && c.Concurrency == "first-write");
        Assert.All(cartWrites, c => Assert.Equal("2592000", c.Metadata!["ttlInSeconds"]));
        Assert.Contains(wire, c => c.AppId == AppIds.Checkout && c.Key?.StartsWith("session:CHECKOUT-", StringComparison.Ordinal) == true && c.Metadata!.ContainsKey("ttlInSeconds"));
        Assert.Contains(wire, c => c.AppId == AppIds.Inventory && c.Api == "Transaction" && c.Key == "stock:US-WEST-01:SKU-ABC-001" && c.ETag is not null);
        Assert.Contains(_dapr.Sidecars.State.Snapshot().Keys, k => k == $"order||order:{orderId}");

        // Events: whole CloudEvents in the seed's shape, published by Order on the declared
        // pub/sub from the mesh's own outbox; nothing lost, nothing dead-lettered.
        var published = wire.Where(c => c.Api == "PublishEvent").ToList();
        Assert.All(published, c => Assert.Equal(("order", "pubsub", "application/cloudevents+json"), (c.AppId, c.PubSub, c.ContentType)));
        Assert.DoesNotContain(wire, c => c.Api is "Lost" or "DeadLetter" or "SubscriptionRefused" or "SubscriptionsUnavailable");

        var createdEvent = Assert.Single(published, c => c.EventId == created);
        Assert.Equal(("order.created", "order.created", "order-service"), (createdEvent.Topic, createdEvent.EventType, createdEvent.EventSource));
        var data = JsonDocument.Parse(createdEvent.Payload!).RootElement.GetProperty("data");
        Assert.Equal(orderId, data.GetProperty("orderId").GetString());
        Assert.Equal(431.63m, data.GetProperty("totals").GetProperty("total").GetDecimal());
        Assert.Equal("customer@example.com", data.GetProperty("customer").GetProperty("email").GetString());
        Assert.Contains(published, c => c.Topic == "order.processing" && c.EventId == $"evt-{orderId}-processing");

        // Calls between apps went through the sidecars, addressed by app id.
        var invocations = wire.Where(c => c.Api == "Invoke").Select(c => (c.AppId, c.TargetAppId)).ToHashSet();
        foreach (var target in new[] { AppIds.Catalog, AppIds.Cart, AppIds.Customer, AppIds.Checkout, AppIds.Order, AppIds.Loyalty, AppIds.Promotion })
        {
            Assert.Contains((AppIds.Bff, target), invocations);
        }

        // Checkout runs the submission saga.
        foreach (var target in new[] { AppIds.Inventory, AppIds.Payment, AppIds.Order, AppIds.Loyalty, AppIds.Promotion, AppIds.Shipping, AppIds.Cart })
        {
            Assert.Contains((AppIds.Checkout, target), invocations);
        }

        Assert.Contains((AppIds.Catalog, AppIds.Inventory), invocations);
    }

    [Fact]
    public async Task The_apps_subscribe_to_exactly_what_the_pubsub_component_declares()
    {
        var subscriptions = await _dapr.Sidecars.Broker.SubscriptionsAsync();
        Assert.All(subscriptions, s => Assert.Equal("pubsub", s.PubSub));

        var pubsub = DaprConfiguration.Documents("components/pubsub.yaml").Single();
        Assert.Equal(DaprConfiguration.Scopes(pubsub.Metadata("subscriptionScopes")), subscriptions.Select(s => (s.AppId, s.Topic)).ToHashSet());
        Assert.Equal("/dapr/events/order-created", Assert.Single(subscriptions, s => s.AppId == AppIds.Bff).Route);
    }

    [Fact]
    public async Task A_redelivered_event_is_deduplicated_by_id_in_dapr_mode_too()
    {
        using var shopper = await Shopper.CreateAsync(_dapr.Mesh.BffAddress, _dapr.Anonymous);
        await shopper.AddAsync("PROD-10023", "SKU-10023-01", 1);
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!;
        var created = $"evt-{orderId}-created";
        string[] subscribers = [AppIds.Cart, AppIds.Bff, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order];
        await Task.WhenAll(subscribers.Select(app => _dapr.Sidecars.Broker.WhenDeliveredAsync(app, created))).WaitAsync(EventTimeout);
        var original = _dapr.Sidecars.Broker.Stream("pubsub", "order.created").Single(e => e.GetProperty("id").GetString() == created);
        await shopper.AddAsync("PROD-10023", "SKU-10023-01", 1);
        var analyticsKey = $"analytics||behavior:{shopper.CustomerId}";
        var before = System.Text.Encoding.UTF8.GetString(_dapr.Sidecars.State.Get(analyticsKey)!.Value);

        await _dapr.Sidecars.Broker.RedeliverAsync("pubsub", "order.created", original);
        await WaitForDeliveriesAsync(created, 2 * subscribers.Length);

        Assert.Equal(before, System.Text.Encoding.UTF8.GetString(_dapr.Sidecars.State.Get(analyticsKey)!.Value));
        Assert.Single((await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_event_a_service_refuses_comes_back_on_its_dead_letter_topic_and_is_kept_listed_and_replayable()
    {
        const string eventId = "evt-unreadable-dapr";
        var unreadable = JsonSerializer.Serialize(new { specversion = "1.0", id = eventId, type = "order.created", source = "order-service", datacontenttype = "application/json", data = "not an order" });

        await _dapr.Sidecars.Broker.PublishAsync(AppIds.Order, new Dapr.Client.Autogen.Grpc.v1.PublishEventRequest
        {
            PubsubName = "pubsub",
            Topic = "order.created",
            DataContentType = "application/cloudevents+json",
            Data = Google.Protobuf.ByteString.CopyFromUtf8(unreadable),
        });
        // Refused on every attempt, then delivered, and handled, on customer.deadletter.
        await _dapr.Sidecars.Broker.WhenDeliveredAsync(AppIds.Customer, eventId).WaitAsync(EventTimeout);

        Assert.Contains(_dapr.Sidecars.Wire.Calls, c => c.AppId == AppIds.Customer && c.Api == "DeadLetter" && c.EventId == eventId);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(_dapr.Mesh.Addresses[AppIds.Customer]);
        var deadLetters = new Contracts.DeadLetters.V1.DeadLetterService.DeadLetterServiceClient(channel);
        var kept = Assert.Single((await deadLetters.ListDeadLettersAsync(new Contracts.DeadLetters.V1.ListDeadLettersRequest())).DeadLetters);
        Assert.Equal((eventId, "order.created"), (kept.EventId, kept.Topic));
        // The consumer's own last error, which the app remembered while daprd retried.
        Assert.Contains("JSON", kept.Error, StringComparison.OrdinalIgnoreCase);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => deadLetters.ReplayDeadLetterAsync(new Contracts.DeadLetters.V1.ReplayDeadLetterRequest { Topic = "order.created", EventId = eventId }).ResponseAsync);
        Assert.Equal("REPLAY_FAILED", Platform.Errors.RpcErrors.ReasonOf(refused));
    }

    [Fact]
    public async Task Sixteen_shoppers_racing_for_five_units_never_oversell_and_every_order_is_whole_with_well_formed_events()
    {
        const int units = 5;
        const int racers = 16;
        var inventory = new InventoryService.InventoryServiceClient(_channel ??= Grpc.Net.Client.GrpcChannel.ForAddress(_dapr.Mesh.Addresses[AppIds.Inventory]));
        await inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-10020-01", WarehouseId = "US-WEST-01", OnHand = units });
        var plentifulBefore = await StockAsync(inventory, "SKU-ABC-001");
        var shoppers = await Task.WhenAll(Enumerable.Range(0, racers).Select(_ => Shopper.CreateAsync(_dapr.Mesh.BffAddress, _dapr.Anonymous)));
        var bodies = new List<object>();
        foreach (var shopper in shoppers)
        {
            // Two SKUs per order: a reservation that is not all-or-nothing would show on the second.
            await shopper.AddAsync("PROD-10020", "SKU-10020-01", 1);
            await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
            bodies.Add(Shopper.Body(await shopper.InitiateSessionAsync()));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submits = shoppers.Select(async (shopper, i) =>
        {
            await start.Task;
            return await shopper.SubmitAsync(bodies[i]);
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(submits);

        var orderIds = new List<string>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                orderIds.Add((await response.ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!);
            }
            else
            {
                await response.ErrorAsync(HttpStatusCode.BadRequest, "OUT_OF_STOCK");
            }
        }

        Assert.Equal(units, orderIds.Count);
        await Task.WhenAll(orderIds.SelectMany(id => CreatedConsumers.Select(app => _dapr.Sidecars.Broker.WhenDeliveredAsync(app, $"evt-{id}-created")))).WaitAsync(EventTimeout);

        // No oversell, and nothing held or taken for the refused: both SKUs moved by exactly the orders.
        Assert.Equal((0, 0), await StockAsync(inventory, "SKU-10020-01"));
        Assert.Equal((plentifulBefore.OnHand - units, 0), await StockAsync(inventory, "SKU-ABC-001"));

        // Every order whole: stored, in its customer's list, with one well-formed order.created.
        var state = _dapr.Sidecars.State.Snapshot();
        Assert.Equal(orderIds.Order(), state.Keys.Where(k => k.StartsWith("order||order:", StringComparison.Ordinal)).Select(k => k["order||order:".Length..]).Order());
        var events = _dapr.Sidecars.Broker.Stream("pubsub", OrderTopics.Created);
        Assert.Equal(orderIds.Select(id => $"evt-{id}-created").Order(), events.Select(e => e.GetProperty("id").GetString()!).Order());
        foreach (var cloudEvent in events)
        {
            Assert.Equal(("order.created", "order-service", "application/json"), (cloudEvent.GetProperty("type").GetString(), cloudEvent.GetProperty("source").GetString(), cloudEvent.GetProperty("datacontenttype").GetString()));
            var data = cloudEvent.GetProperty("data");
            Assert.Contains(data.GetProperty("orderId").GetString(), orderIds);
            Assert.Equal(2, data.GetProperty("items").GetArrayLength());
        }

        foreach (var (shopper, response) in shoppers.Zip(responses))
        {
            var key = $"order||orders-of:{shopper.CustomerId}";
            Assert.Equal(response.StatusCode == HttpStatusCode.Created, state.ContainsKey(key));
            shopper.Dispose();
        }

        Assert.DoesNotContain(_dapr.Sidecars.Wire.Calls, c => c.Api is "Lost" or "DeadLetter");
    }

    private static async Task<(int OnHand, int Reserved)> StockAsync(InventoryService.InventoryServiceClient inventory, string sku)
    {
        var request = new GetAvailabilityRequest { WarehouseId = "US-WEST-01" };
        request.Skus.Add(sku);
        var level = (await inventory.GetAvailabilityAsync(request)).Levels.Single();
        return (level.OnHand, level.Reserved);
    }

    /// <summary>The broker logs every delivery; wait for that log, not for time.</summary>
    private async Task WaitForDeliveriesAsync(string eventId, int count)
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        while (_dapr.Sidecars.Wire.Calls.Count(c => c.Api == "Deliver" && c.EventId == eventId && c.Payload == "SUCCESS") < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
