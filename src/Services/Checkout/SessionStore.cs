using System.Security.Cryptography;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.State;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.CheckoutService;

/// <summary>
/// Checkout sessions in the state store: OPEN → SUBMITTING (one submission at a time,
/// naming its order) → COMPLETED, or back to OPEN when a submission fails. An OPEN
/// session past its expiry can no longer be submitted.
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

    public async Task<(CheckoutSession Session, string OrderId)> StartSubmissionAsync(string sessionId, string customerId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await ReadAsync(sessionId, customerId, cancellationToken);
            var session = stored.Value;
            switch (session.Status)
            {
                case SessionStatus.Completed:
                    throw RpcErrors.Create(StatusCode.FailedPrecondition, "SESSION_ALREADY_USED", $"Checkout session {sessionId} was already used for order {session.OrderId}.");
                case SessionStatus.Submitting:
                    throw RpcErrors.Create(StatusCode.Aborted, "SESSION_BUSY", $"Checkout session {sessionId} is being submitted right now.");
            }

            if (IsExpired(session))
            {
                throw RpcErrors.Create(StatusCode.FailedPrecondition, "SESSION_EXPIRED", $"Checkout session {sessionId} expired at {session.ExpiresAt.ToDateTimeOffset():u}; start the checkout again.");
            }

            var submitting = session.Clone();
            submitting.Status = SessionStatus.Submitting;
            submitting.OrderId = $"ORD-{RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue)}";
            if (await SaveAsync(submitting, stored.ETag, cancellationToken))
            {
                return (submitting, submitting.OrderId);
            }
        }
    }

    public Task CompleteAsync(string sessionId, string orderId, CancellationToken cancellationToken) =>
        MoveAsync(sessionId, orderId, SessionStatus.Completed, cancellationToken);

    public Task ReopenAsync(string sessionId, string orderId, CancellationToken cancellationToken) =>
        MoveAsync(sessionId, orderId, SessionStatus.Open, cancellationToken);

    private async Task MoveAsync(string sessionId, string orderId, SessionStatus to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await ReadAsync(sessionId, customerId: null, cancellationToken);
            var session = stored.Value;
            if (session.Status != SessionStatus.Submitting || session.OrderId != orderId)
            {
                // Already moved by an earlier attempt of the same submission.
                return;
            }

            var moved = session.Clone();
            moved.Status = to;
            if (to == SessionStatus.Open)
            {
                moved.OrderId = string.Empty;
            }

            if (await SaveAsync(moved, stored.ETag, cancellationToken))
            {
                return;
            }
        }
    }

    private bool IsExpired(CheckoutSession session) =>
        session.Status == SessionStatus.Open && clock.GetUtcNow() >= session.ExpiresAt.ToDateTimeOffset();

    private async Task<Versioned<CheckoutSession>> ReadAsync(string sessionId, string? customerId, CancellationToken cancellationToken)
    {
        var stored = await store.GetProtoAsync<CheckoutSession>(SessionRules.Key(sessionId), cancellationToken);
        if (stored is null || (customerId is not null && stored.Value.CustomerId != customerId))
        {
            throw RpcErrors.NotFound("SESSION_NOT_FOUND", $"Checkout session {sessionId} does not exist.");
        }

        return stored;
    }

    private Task<bool> SaveAsync(CheckoutSession session, string etag, CancellationToken cancellationToken)
    {
        var keepUntil = session.ExpiresAt.ToDateTimeOffset() + SessionRules.RetainedAfterExpiry - clock.GetUtcNow();
        return store.TrySaveAsync(SessionRules.Key(session.SessionId), ProtoStateExtensions.SerializeProto(session), etag, keepUntil > TimeSpan.Zero ? keepUntil : TimeSpan.FromMinutes(1), cancellationToken);
    }
}
