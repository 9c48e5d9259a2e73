using Checkout.Contracts.Order.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Events;
using Checkout.Platform.State;
using Google.Protobuf.WellKnownTypes;

namespace Checkout.Order;

/// <summary>
/// Order state transitions. Each one is a read-modify-write under ETags; those that
/// cause events commit the events through the outbox in the same transaction.
/// </summary>
public sealed class OrderStore(IStateStore store, Outbox outbox, OrderNumbers numbers, TimeProvider clock)
{
    public Task<Contracts.Order.V1.Order> CreateAsync(Contracts.Order.V1.Order order, CancellationToken cancellationToken) =>
        store.UpdateAsync<Contracts.Order.V1.Order>(async ct =>
        {
            if (await store.GetProtoAsync<Contracts.Order.V1.Order>(OrderKeys.Order(order.OrderId), ct) is { } existing)
            {
                return ([], existing.Value);
            }

            var now = clock.GetUtcNow();
            var number = await numbers.NextAsync(now.Year, ct);
            var index = await store.GetJsonAsync<CustomerOrders>(OrderKeys.CustomerIndex(order.CustomerId), ct);
            var (head, archive) = (index?.Value ?? CustomerOrders.None).With(order.OrderId);
            var created = order.Clone();
            created.OrderNumber = $"ORD-{now.Year}-{number:D6}";
            created.Status = OrderStatus.PendingPayment;
            created.CreatedAt = Timestamp.FromDateTimeOffset(WholeSeconds(now));
            var writes = new List<StateOperation>
            {
                StateOperation.Upsert(OrderKeys.Order(order.OrderId), ProtoStateExtensions.SerializeProto(created), ETags.MustNotExist),
                StateOperation.Upsert(OrderKeys.CustomerIndex(order.CustomerId), JsonStateExtensions.Serialize(head), index?.ETag ?? ETags.MustNotExist),
            };
            if (archive is not null)
            {
                writes.Add(StateOperation.Upsert(OrderKeys.CustomerIndexPage(order.CustomerId, head.ArchivedPages - 1), JsonStateExtensions.Serialize(new CustomerOrders(archive)), ETags.MustNotExist));
            }

            return ((IReadOnlyList<StateOperation>)writes, created);
        }, $"Order {order.OrderId}", cancellationToken);

    /// <summary>PENDING_PAYMENT → PAYMENT_REVIEW: placed, its charge held for a fraud reviewer; no event (nothing is sold yet).</summary>
    public Task<Contracts.Order.V1.Order> HoldForReviewAsync(string orderId, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, order =>
        {
            if (order.Status == OrderStatus.PaymentReview)
            {
                return null;
            }

            Require(order, OrderStatus.PendingPayment);
            var held = order.Clone();
            held.Status = OrderStatus.PaymentReview;
            held.Payment ??= new OrderPayment();
            held.Payment.Status = Contracts.Orders.OrderPaymentStatuses.InReview;
            return (held, []);
        }, cancellationToken);

    /// <summary>PENDING_PAYMENT or PAYMENT_REVIEW → CONFIRMED, with order.created in the outbox. Confirming again changes nothing.</summary>
    public Task<Contracts.Order.V1.Order> ConfirmAsync(string orderId, OrderPayment payment, OrderLoyalty? loyalty, OrderShipping? shipping, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, order =>
        {
            if (order.Status is OrderStatus.Confirmed or OrderStatus.Processing)
            {
                return null;
            }

            RequireAwaitingPayment(order);
            var now = clock.GetUtcNow();
            var confirmed = order.Clone();
            confirmed.Status = OrderStatus.Confirmed;
            confirmed.ConfirmedAt = Timestamp.FromDateTimeOffset(WholeSeconds(now));
            confirmed.Payment = payment;
            confirmed.Loyalty = loyalty ?? confirmed.Loyalty;
            confirmed.Shipping = shipping ?? confirmed.Shipping;
            return (confirmed, [OrderEvents.Created(confirmed, now)]);
        }, cancellationToken);

    /// <summary>PENDING_PAYMENT or PAYMENT_REVIEW → PAYMENT_FAILED; no event (nothing was sold).</summary>
    public Task<Contracts.Order.V1.Order> MarkPaymentFailedAsync(string orderId, string reason, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, order =>
        {
            if (order.Status == OrderStatus.PaymentFailed)
            {
                return null;
            }

            RequireAwaitingPayment(order);
            var failed = order.Clone();
            failed.Status = OrderStatus.PaymentFailed;
            failed.FailureReason = reason;
            failed.Payment ??= new OrderPayment();
            failed.Payment.Status = Contracts.Orders.OrderPaymentStatuses.Failed;
            return (failed, []);
        }, cancellationToken);

    /// <summary>CONFIRMED → PROCESSING once order.created is out, with order.processing in the outbox.</summary>
    public Task<Contracts.Order.V1.Order> StartProcessingAsync(string orderId, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, order =>
        {
            if (order.Status != OrderStatus.Confirmed)
            {
                return null;
            }

            var processing = order.Clone();
            processing.Status = OrderStatus.Processing;
            return (processing, [OrderEvents.Processing(processing, clock.GetUtcNow())]);
        }, cancellationToken);

    /// <summary>
    /// Shipping's tracking number on an order in fulfilment (PROCESSING or SHIPPED); no event.
    /// The same number again changes nothing (Shipping's consumer may run twice); a different
    /// one is refused, since a shipment keeps its number.
    /// </summary>
    public Task<Contracts.Order.V1.Order> RecordShipmentAsync(string orderId, string trackingNumber, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, order =>
        {
            var recorded = order.Shipping?.TrackingNumber;
            if (recorded == trackingNumber)
            {
                return null;
            }

            if (!string.IsNullOrEmpty(recorded))
            {
                throw DomainErrors.FailedPrecondition("TRACKING_NUMBER_RECORDED", $"Order {orderId} already has tracking number {recorded}.");
            }

            if (order.Status != OrderStatus.Shipped)
            {
                Require(order, OrderStatus.Processing);
            }

            var shipped = order.Clone();
            shipped.Shipping ??= new OrderShipping();
            shipped.Shipping.TrackingNumber = trackingNumber;
            return (shipped, []);
        }, cancellationToken);

    public async Task<Contracts.Order.V1.Order> GetAsync(string orderId, CancellationToken cancellationToken) =>
        (await store.GetProtoAsync<Contracts.Order.V1.Order>(OrderKeys.Order(orderId), cancellationToken))?.Value
        ?? throw DomainErrors.NotFound("ORDER_NOT_FOUND", $"Order {orderId} does not exist.");

    /// <summary>The customer's newest orders, newest first: the newest page, then archived pages back until <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Contracts.Order.V1.Order>> ListAsync(string customerId, int limit, CancellationToken cancellationToken)
    {
        var head = (await store.GetJsonAsync<CustomerOrders>(OrderKeys.CustomerIndex(customerId), cancellationToken))?.Value ?? CustomerOrders.None;
        var ids = head.OrderIds.Take(limit).ToList();
        for (var page = head.ArchivedPages - 1; page >= 0 && ids.Count < limit; page--)
        {
            var archived = await store.GetJsonAsync<CustomerOrders>(OrderKeys.CustomerIndexPage(customerId, page), cancellationToken);
            ids.AddRange((archived?.Value.OrderIds ?? []).Take(limit - ids.Count));
        }

        return await store.GetManyProtoAsync<Contracts.Order.V1.Order>(ids.Select(OrderKeys.Order).ToList(), cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (null = nothing to do) and commits the new order
    /// with its events, retrying on a concurrent change.
    /// </summary>
    private async Task<Contracts.Order.V1.Order> TransitionAsync(
        string orderId,
        Func<Contracts.Order.V1.Order, (Contracts.Order.V1.Order Order, IReadOnlyList<OutboxEntry> Events)?> change,
        CancellationToken cancellationToken)
    {
        var (order, events) = await store.UpdateAsync<(Contracts.Order.V1.Order, bool)>(async ct =>
        {
            var stored = await store.GetProtoAsync<Contracts.Order.V1.Order>(OrderKeys.Order(orderId), ct)
                ?? throw DomainErrors.NotFound("ORDER_NOT_FOUND", $"Order {orderId} does not exist.");
            if (change(stored.Value) is not { } next)
            {
                return ([], (stored.Value, false));
            }

            var writes = await outbox.PlanAsync([StateOperation.Upsert(OrderKeys.Order(orderId), ProtoStateExtensions.SerializeProto(next.Order), stored.ETag)], next.Events, ct);
            return (writes, (next.Order, next.Events.Count > 0));
        }, $"Order {orderId}", cancellationToken);
        if (events)
        {
            outbox.Committed();
        }

        return order;
    }

    private static void Require(Contracts.Order.V1.Order order, OrderStatus status)
    {
        if (order.Status != status)
        {
            throw DomainErrors.FailedPrecondition("INVALID_ORDER_STATUS", $"Order {order.OrderId} is {order.Status}, not {status}.");
        }
    }

    /// <summary>An order waits for its payment while PENDING_PAYMENT, and while its payment is in review.</summary>
    private static void RequireAwaitingPayment(Contracts.Order.V1.Order order)
    {
        if (order.Status != OrderStatus.PaymentReview)
        {
            Require(order, OrderStatus.PendingPayment);
        }
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));
}
