using Checkout.Contracts.Events;
using Checkout.Contracts.Order.V1;
using Checkout.Order;
using Checkout.Platform.Errors;
using Checkout.Platform.Events;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Order;

public sealed class OrderStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero));
    private readonly InMemoryStateStore _state;
    private readonly RecordingPublisher _published = new();
    private readonly OutboxDispatcher _dispatcher;
    private readonly OrderStore _orders;

    public OrderStoreTests()
    {
        _state = new InMemoryStateStore(_clock);
        _dispatcher = new OutboxDispatcher(_state, _published, TestMeters.Events("order"), NullLogger<OutboxDispatcher>.Instance);
        _orders = new OrderStore(_state, new Outbox(_state, _dispatcher), new OrderNumbers(_state), _clock);
    }

    private static Contracts.Order.V1.Order NewOrder(string id, string customer = "CUST-1")
    {
        var order = new Contracts.Order.V1.Order
        {
            OrderId = id,
            CustomerId = customer,
            Pricing = new OrderPricing { Subtotal = MoneyExtensions.Cents(49998), TotalDiscounts = MoneyExtensions.Cents(0), Shipping = MoneyExtensions.Cents(0), Tax = MoneyExtensions.Cents(0), Total = MoneyExtensions.Cents(49998) },
            ShippingAddress = new Contracts.Common.V1.Address { Street = "123 Main St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
            Shipping = new OrderShipping { Method = "standard", WarehouseId = "US-WEST-01" },
        };
        order.Items.Add(new OrderItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "Premium Wireless Headphones", Quantity = 2, UnitPrice = MoneyExtensions.Cents(24999), TotalPrice = MoneyExtensions.Cents(49998) });
        return order;
    }

    private static readonly OrderPayment Paid = new() { TransactionId = "txn_1", Method = "credit_card", Status = "COMPLETED", Last4 = "4242" };

    [Fact]
    public async Task Orders_get_readable_numbers_and_start_pending_payment()
    {
        var first = await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        var second = await _orders.CreateAsync(NewOrder("ORD-2"), CancellationToken.None);

        Assert.Equal("ORD-2024-000001", first.OrderNumber);
        Assert.Equal("ORD-2024-000002", second.OrderNumber);
        Assert.Equal(OrderStatus.PendingPayment, first.Status);
        Assert.Equal("ORD-2024-000001", (await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None)).OrderNumber);
    }

    [Fact]
    public async Task Confirming_writes_order_created_with_the_order_and_publishes_it_once()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);

        var confirmed = await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);
        await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);

        Assert.Equal(OrderStatus.Confirmed, confirmed.Status);
        var (topic, cloudEvent) = Assert.Single(_published.Events);
        Assert.Equal(OrderTopics.Created, topic);
        Assert.Equal("evt-ORD-1-created", cloudEvent.Id);
        Assert.Equal("order-service", cloudEvent.Source);
        var data = cloudEvent.DataAs<OrderCreatedData>();
        Assert.Equal("CONFIRMED", data.Status);
        Assert.Equal(499.98m, data.Totals.Total);
        Assert.Equal("txn_1", data.Payment.TransactionId);
    }

    [Fact]
    public async Task An_event_committed_but_not_yet_published_survives_a_restart()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);

        // A new dispatcher over the same state, as after a crash before publishing.
        var afterRestart = new OutboxDispatcher(_state, _published, TestMeters.Events("order"), NullLogger<OutboxDispatcher>.Instance);
        await afterRestart.DispatchPendingAsync(CancellationToken.None);

        Assert.Equal("evt-ORD-1-created", Assert.Single(_published.Events).Event.Id);
    }

    [Fact]
    public async Task Processing_follows_confirmation_only()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        Assert.Equal(OrderStatus.PendingPayment, (await _orders.StartProcessingAsync("ORD-1", CancellationToken.None)).Status);

        await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);
        Assert.Equal(OrderStatus.Processing, (await _orders.StartProcessingAsync("ORD-1", CancellationToken.None)).Status);
        await _orders.StartProcessingAsync("ORD-1", CancellationToken.None);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);

        Assert.Equal([OrderTopics.Created, OrderTopics.Processing], _published.Events.Select(e => e.Topic));
    }

    [Fact]
    public async Task A_tracking_number_is_recorded_once_fulfilment_started_and_kept()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        var early = await Assert.ThrowsAsync<DomainException>(() => _orders.RecordShipmentAsync("ORD-1", "TRK1", CancellationToken.None));
        Assert.Equal("INVALID_ORDER_STATUS", early.Reason);
        await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);
        Assert.Equal("INVALID_ORDER_STATUS", (await Assert.ThrowsAsync<DomainException>(() => _orders.RecordShipmentAsync("ORD-1", "TRK1", CancellationToken.None))).Reason);
        await _orders.StartProcessingAsync("ORD-1", CancellationToken.None);

        var recorded = await _orders.RecordShipmentAsync("ORD-1", "TRK1", CancellationToken.None);
        var again = await _orders.RecordShipmentAsync("ORD-1", "TRK1", CancellationToken.None);
        var other = await Assert.ThrowsAsync<DomainException>(() => _orders.RecordShipmentAsync("ORD-1", "TRK2", CancellationToken.None));

        Assert.Equal(("TRK1", OrderStatus.Processing, "standard"), (recorded.Shipping.TrackingNumber, recorded.Status, recorded.Shipping.Method));
        Assert.Equal("TRK1", again.Shipping.TrackingNumber);
        Assert.Equal("TRACKING_NUMBER_RECORDED", other.Reason);
        Assert.Equal("TRK1", (await _orders.GetAsync("ORD-1", CancellationToken.None)).Shipping.TrackingNumber);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);
        Assert.Equal([OrderTopics.Created, OrderTopics.Processing], _published.Events.Select(e => e.Topic));
    }

    [Fact]
    public async Task A_shipped_order_without_shipping_details_takes_its_tracking_number()
    {
        var order = NewOrder("ORD-1");
        order.Shipping = null;
        await _orders.CreateAsync(order, CancellationToken.None);
        var stored = (await _state.GetProtoAsync<Contracts.Order.V1.Order>(OrderKeys.Order("ORD-1"), CancellationToken.None))!;
        var shipped = stored.Value.Clone();
        shipped.Status = OrderStatus.Shipped;
        Assert.True(await _state.TrySaveAsync(OrderKeys.Order("ORD-1"), ProtoStateExtensions.SerializeProto(shipped), stored.ETag));

        var recorded = await _orders.RecordShipmentAsync("ORD-1", "TRK1", CancellationToken.None);

        Assert.Equal((OrderStatus.Shipped, "TRK1"), (recorded.Status, recorded.Shipping.TrackingNumber));
    }

    [Fact]
    public async Task A_failed_payment_cannot_be_confirmed_later()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        var failed = await _orders.MarkPaymentFailedAsync("ORD-1", "declined", CancellationToken.None);
        Assert.Equal(OrderStatus.PaymentFailed, failed.Status);

        var error = await Assert.ThrowsAsync<DomainException>(() => _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None));
        Assert.Equal("INVALID_ORDER_STATUS", error.Reason);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);
        Assert.Empty(_published.Events);
    }

    [Fact]
    public async Task An_order_held_for_review_waits_without_an_event_and_then_is_confirmed_or_failed()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        await _orders.CreateAsync(NewOrder("ORD-2"), CancellationToken.None);

        var held = await _orders.HoldForReviewAsync("ORD-1", CancellationToken.None);
        Assert.Equal((OrderStatus.PaymentReview, Contracts.Orders.OrderPaymentStatuses.InReview), (held.Status, held.Payment.Status));
        Assert.Equal(held, await _orders.HoldForReviewAsync("ORD-1", CancellationToken.None));
        await _orders.HoldForReviewAsync("ORD-2", CancellationToken.None);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);
        Assert.Empty(_published.Events);

        var failed = await _orders.MarkPaymentFailedAsync("ORD-1", "review rejected", CancellationToken.None);
        Assert.Equal((OrderStatus.PaymentFailed, "review rejected", Contracts.Orders.OrderPaymentStatuses.Failed), (failed.Status, failed.FailureReason, failed.Payment.Status));
        Assert.Equal(failed, await _orders.MarkPaymentFailedAsync("ORD-1", "again", CancellationToken.None));
        var holdFailed = await Assert.ThrowsAsync<DomainException>(() => _orders.HoldForReviewAsync("ORD-1", CancellationToken.None));
        Assert.Equal("INVALID_ORDER_STATUS", holdFailed.Reason);

        var loyalty = new OrderLoyalty { PointsEarned = 49, PointsUsed = 0 };
        var shipping = new OrderShipping { Method = "express", WarehouseId = "US-EAST-01" };
        var confirmed = await _orders.ConfirmAsync("ORD-2", Paid, loyalty, shipping, CancellationToken.None);
        Assert.Equal((OrderStatus.Confirmed, loyalty, shipping), (confirmed.Status, confirmed.Loyalty, confirmed.Shipping));
    }

    [Fact]
    public async Task Confirming_without_loyalty_or_shipping_keeps_what_the_order_had()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);

        var confirmed = await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);

        Assert.Equal(("standard", "US-WEST-01"), (confirmed.Shipping.Method, confirmed.Shipping.WarehouseId));
        Assert.Equal(Paid, confirmed.Payment);
    }

    [Fact]
    public async Task A_customers_orders_are_listed_newest_first()
    {
        await _orders.CreateAsync(NewOrder("ORD-A"), CancellationToken.None);
        await _orders.CreateAsync(NewOrder("ORD-B"), CancellationToken.None);
        await _orders.CreateAsync(NewOrder("ORD-X", "CUST-2"), CancellationToken.None);

        Assert.Equal(["ORD-B", "ORD-A"], (await _orders.ListAsync("CUST-1", 10, CancellationToken.None)).Select(o => o.OrderId));
    }

    [Fact]
    public async Task Order_numbers_are_reserved_a_block_at_a_time_and_never_shared_between_instances()
    {
        for (var i = 1; i <= OrderNumbers.BlockSize + 1; i++)
        {
            await _orders.CreateAsync(NewOrder($"ORD-{i}"), CancellationToken.None);
        }

        // One write of the counter per block: the 101st order reserved the second block.
        Assert.Equal(2 * OrderNumbers.BlockSize, (await _state.GetJsonAsync<OrderSequence>(OrderKeys.Sequence(2024)))!.Value.Last);
        Assert.Equal("ORD-2024-000101", (await _orders.GetAsync($"ORD-{OrderNumbers.BlockSize + 1}", CancellationToken.None)).OrderNumber);

        // Another instance (or this one after a restart) starts after the last reserved block.
        var other = new OrderStore(_state, new Outbox(_state, _dispatcher), new OrderNumbers(_state), _clock);
        Assert.Equal("ORD-2024-000201", (await other.CreateAsync(NewOrder("ORD-OTHER"), CancellationToken.None)).OrderNumber);
        Assert.Equal("ORD-2024-000102", (await _orders.CreateAsync(NewOrder("ORD-MINE"), CancellationToken.None)).OrderNumber);
    }

    [Fact]
    public async Task A_new_year_starts_its_own_numbers()
    {
        await _orders.CreateAsync(NewOrder("ORD-OLD"), CancellationToken.None);
        _clock.SetUtcNow(new DateTimeOffset(2025, 1, 1, 0, 0, 1, TimeSpan.Zero));

        Assert.Equal("ORD-2025-000001", (await _orders.CreateAsync(NewOrder("ORD-NEW"), CancellationToken.None)).OrderNumber);
    }

    [Fact]
    public async Task A_customers_order_index_is_written_a_bounded_page_at_a_time_and_listed_across_pages()
    {
        const int count = (2 * CustomerOrders.PageSize) + 20;
        for (var i = 0; i < count; i++)
        {
            await _orders.CreateAsync(NewOrder($"ORD-{i}"), CancellationToken.None);
        }

        var head = (await _state.GetJsonAsync<CustomerOrders>(OrderKeys.CustomerIndex("CUST-1")))!.Value;
        Assert.Equal((20, 2), (head.OrderIds.Count, head.ArchivedPages));
        Assert.Equal(CustomerOrders.PageSize, (await _state.GetJsonAsync<CustomerOrders>(OrderKeys.CustomerIndexPage("CUST-1", 0)))!.Value.OrderIds.Count);

        var listed = (await _orders.ListAsync("CUST-1", 100, CancellationToken.None)).Select(o => o.OrderId).ToList();
        Assert.Equal(Enumerable.Range(count - 100, 100).Reverse().Select(i => $"ORD-{i}"), listed);
        Assert.Equal(Enumerable.Range(0, count).Reverse().Select(i => $"ORD-{i}"), (await _orders.ListAsync("CUST-1", 1000, CancellationToken.None)).Select(o => o.OrderId));
        Assert.Equal(["ORD-119", "ORD-118"], (await _orders.ListAsync("CUST-1", 2, CancellationToken.None)).Select(o => o.OrderId));
    }

    [Fact]
    public async Task Only_a_transition_that_commits_an_event_wakes_the_dispatcher()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        await _orders.CreateAsync(NewOrder("ORD-2"), CancellationToken.None);

        // No event: held for review, a payment failed, a transition with nothing to do.
        await _orders.HoldForReviewAsync("ORD-1", CancellationToken.None);
        await _orders.MarkPaymentFailedAsync("ORD-1", "declined", CancellationToken.None);
        await _orders.StartProcessingAsync("ORD-2", CancellationToken.None);
        Assert.Equal(0, _dispatcher.PendingSignals);

        // order.created, committed: the dispatcher is woken to publish it now, not at its next sweep.
        await _orders.ConfirmAsync("ORD-2", Paid, null, null, CancellationToken.None);
        Assert.Equal(1, _dispatcher.PendingSignals);
        await _orders.ConfirmAsync("ORD-2", Paid, null, null, CancellationToken.None);
        Assert.Equal(1, _dispatcher.PendingSignals);
    }

    [Fact]
    public async Task Holding_or_failing_a_payment_keeps_what_the_order_knew_of_it()
    {
        foreach (var id in new[] { "ORD-HELD", "ORD-FAILED" })
        {
            var order = NewOrder(id);
            order.Payment = new OrderPayment { Method = "credit_card", Last4 = "4242" };
            await _orders.CreateAsync(order, CancellationToken.None);
        }

        var held = await _orders.HoldForReviewAsync("ORD-HELD", CancellationToken.None);
        var failed = await _orders.MarkPaymentFailedAsync("ORD-FAILED", "declined", CancellationToken.None);

        Assert.Equal(("credit_card", "4242", Contracts.Orders.OrderPaymentStatuses.InReview), (held.Payment.Method, held.Payment.Last4, held.Payment.Status));
        Assert.Equal(("credit_card", "4242", Contracts.Orders.OrderPaymentStatuses.Failed), (failed.Payment.Method, failed.Payment.Last4, failed.Payment.Status));
    }

    [Fact]
    public async Task A_confirmed_order_cannot_be_marked_as_failed_to_pay()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DomainException>(() => _orders.MarkPaymentFailedAsync("ORD-1", "declined", CancellationToken.None));

        Assert.Equal("INVALID_ORDER_STATUS", error.Reason);
        Assert.Equal(OrderStatus.Confirmed, (await _orders.GetAsync("ORD-1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_order_is_confirmed_at_the_second_it_happened_in()
    {
        await _orders.CreateAsync(NewOrder("ORD-1"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(700));

        var confirmed = await _orders.ConfirmAsync("ORD-1", Paid, null, null, CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero), confirmed.ConfirmedAt.ToDateTimeOffset());
    }

    private sealed class RecordingPublisher : IEventPublisher
    {
        public List<(string Topic, CloudEvent Event)> Events { get; } = [];

        public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken cancellationToken = default)
        {
            lock (Events)
            {
                Events.Add((topic, cloudEvent));
            }

            return Task.CompletedTask;
        }
    }
}
