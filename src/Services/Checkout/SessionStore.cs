using System.Security.Cryptography;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.State;
using Google.Protobuf.WellKnownTypes;

namespace Checkout.Checkouts;

/// <summary>
/// Checkout sessions in the state store: OPEN → SUBMITTING (one submission at a time,
/// naming its order) → COMPLETED, or back to OPEN when a submission fails. An OPEN
/// session past its expiry can no longer be submitted. Per customer, one session at a
/// time is submitted, and a session begun before the customer's last order is superseded
/// (<see cref="CustomerCheckouts"/>).
/// </summary>
public sealed class SessionStore(IStateStore store, TimeProvider clock)
{
    public async Task<CheckoutSession> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = new CheckoutSession
        {
            SessionId = $"CHECKOUT-{RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue)}",
            CustomerId = request.CustomerId,
            Subtotal = Platform.Money.MoneyExtensions.Cents(request.Items.Sum(i => i.UnitPrice.MinorUnits * i.Quantity)),
            AvailableLoyaltyPoints = request.AvailableLoyaltyPoints,
            Status = SessionStatus.Open,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now + SessionRules.Lifetime),
            Customer = request.Customer ?? new CustomerSnapshot(),
        };
        session.Items.AddRange(request.Items);
        session.OfferedPromotionCodes.AddRange(request.OfferedPromotionCodes);
        session.Degraded.AddRange(request.Degraded);
        await store.TrySaveAsync(SessionRules.Key(session.SessionId), ProtoStateExtensions.SerializeProto(session), ETags.MustNotExist, SessionRules.Lifetime + SessionRules.RetainedAfterExpiry, cancellationToken);
        return session;
    }

    /// <summary>The customer's session, with EXPIRED shown when an open session ran out of time.</summary>
    public async Task<CheckoutSession> GetAsync(string sessionId, string customerId, CancellationToken cancellationToken)
    {
        var session = (await ReadAsync(sessionId, customerId, cancellationToken)).Value;
        if (IsExpired(session))
        {
            session.Status = SessionStatus.Expired;
        }

        return session;
    }

    /// <summary>
    /// The writes that move the session to SUBMITTING with a new order id and claim the
    /// customer's cart for it, to be committed with the submission's record: a cart, as
    /// initiated, becomes at most one order. Refused while
    /// another session of the customer is being submitted (CHECKOUT_IN_PROGRESS), and for a
    /// session begun before the customer's last order (CHECKOUT_SUPERSEDED: its cart was
    /// ordered since).
    /// </summary>
    public async Task<(IReadOnlyList<StateOperation> Writes, CheckoutSession Session)> PlanStartAsync(string sessionId, string customerId, CancellationToken ct)
    {
        var stored = await ReadAsync(sessionId, customerId, ct);
        var session = stored.Value;
        switch (session.Status)
        {
            case SessionStatus.Completed:
                throw DomainErrors.FailedPrecondition("SESSION_ALREADY_USED", $"Checkout session {sessionId} was already used for order {session.OrderId}.");
            case SessionStatus.Submitting:
                throw DomainErrors.Aborted("SESSION_BUSY", $"Checkout session {sessionId} is being submitted right now.");
        }

        if (IsExpired(session))
        {
            throw DomainErrors.FailedPrecondition("SESSION_EXPIRED", $"Checkout session {sessionId} expired at {session.ExpiresAt.ToDateTimeOffset():u}; start the checkout again.");
        }

        var now = clock.GetUtcNow();
        var cart = await store.GetJsonAsync<CustomerCheckouts>(CustomerCheckouts.Key(customerId), ct);
        var claims = cart?.Value ?? CustomerCheckouts.None;
        if (SessionRules.SubmittingElsewhere(claims, sessionId, now) is { } other)
        {
            throw DomainErrors.Aborted("CHECKOUT_IN_PROGRESS", $"Another checkout of your cart ({other}) is being submitted right now; wait for it.");
        }

        if (SessionRules.Superseded(claims, session.CreatedAt.ToDateTimeOffset()))
        {
            throw DomainErrors.FailedPrecondition("CHECKOUT_SUPERSEDED", $"Your cart was ordered as {claims.LastOrderId} after checkout {sessionId} began; start a new checkout.");
        }

        var submitting = session.Clone();
        submitting.Status = SessionStatus.Submitting;
        submitting.OrderId = $"ORD-{RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue)}";
        IReadOnlyList<StateOperation> writes =
        [
            Write(submitting, stored.ETag),
            StateOperation.Upsert(CustomerCheckouts.Key(customerId), JsonStateExtensions.Serialize(claims with { SubmittingSessionId = sessionId, SubmittingSince = now }), cart?.ETag ?? ETags.MustNotExist),
        ];
        return (writes, submitting);
    }

    /// <summary>
    /// The writes that end a submission: SUBMITTING → COMPLETED (the customer's cart counts as
    /// ordered from now on) or → OPEN (it failed; the session can be submitted again). None when
    /// an earlier attempt of the same submission already moved it.
    /// </summary>
    public async Task<IReadOnlyList<StateOperation>> PlanEndAsync(string sessionId, string orderId, SessionStatus to, CancellationToken ct)
    {
        var stored = await ReadAsync(sessionId, customerId: null, ct);
        var session = stored.Value;
        if (session.Status != SessionStatus.Submitting || session.OrderId != orderId)
        {
            return [];
        }

        var moved = session.Clone();
        moved.Status = to;
        if (to == SessionStatus.Open)
        {
            moved.OrderId = string.Empty;
        }

        var writes = new List<StateOperation> { Write(moved, stored.ETag) };
        var cart = await store.GetJsonAsync<CustomerCheckouts>(CustomerCheckouts.Key(session.CustomerId), ct);
        if (cart is not null && cart.Value.SubmittingSessionId == sessionId)
        {
            var released = cart.Value with { SubmittingSessionId = null, SubmittingSince = null };
            var next = to == SessionStatus.Completed ? released with { LastOrderId = orderId, LastOrderAt = clock.GetUtcNow() } : released;
            writes.Add(StateOperation.Upsert(CustomerCheckouts.Key(session.CustomerId), JsonStateExtensions.Serialize(next), cart.ETag));
        }

        return writes;
    }

    private bool IsExpired(CheckoutSession session) =>
        session.Status == SessionStatus.Open && clock.GetUtcNow() >= session.ExpiresAt.ToDateTimeOffset();

    private async Task<Versioned<CheckoutSession>> ReadAsync(string sessionId, string? customerId, CancellationToken cancellationToken)
    {
        var stored = await store.GetProtoAsync<CheckoutSession>(SessionRules.Key(sessionId), cancellationToken);
        if (stored is null || (customerId is not null && stored.Value.CustomerId != customerId))
        {
            throw DomainErrors.NotFound("SESSION_NOT_FOUND", $"Checkout session {sessionId} does not exist.");
        }

        return stored;
    }

    private StateOperation Write(CheckoutSession session, string etag)
    {
        var keepUntil = session.ExpiresAt.ToDateTimeOffset() + SessionRules.RetainedAfterExpiry - clock.GetUtcNow();
        return StateOperation.Upsert(SessionRules.Key(session.SessionId), ProtoStateExtensions.SerializeProto(session), etag, keepUntil > TimeSpan.Zero ? keepUntil : TimeSpan.FromMinutes(1));
    }
}
