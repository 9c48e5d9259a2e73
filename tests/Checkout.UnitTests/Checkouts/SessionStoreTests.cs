using Checkout.Checkouts;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Checkouts;

public sealed class SessionStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero));
    private readonly SessionStore _sessions;
    private readonly SubmissionStore _submissions;

    public SessionStoreTests()
    {
        var store = new InMemoryStateStore(_clock);
        _sessions = new SessionStore(store, _clock);
        _submissions = new SubmissionStore(store, _sessions, new IdempotencyStore(store, _clock, Microsoft.Extensions.Options.Options.Create(new RecoveryOptions())), _clock);
    }

    private async Task<string> StartAsync(string sessionId, string customerId) =>
        (await _submissions.StartAsync(new SubmitOrderRequest { SessionId = sessionId, CustomerId = customerId }, CancellationToken.None)).Record.OrderId;

    private Task CompleteAsync(string orderId) => _submissions.EndAsync(orderId, new Contracts.Order.V1.Order { OrderId = orderId }, null, CancellationToken.None);

    private Task ReopenAsync(string orderId) => _submissions.EndAsync(orderId, null, new StoredError(9, "PAYMENT_DECLINED", "declined", IsAnswer: true), CancellationToken.None);

    private async Task<CheckoutSession> NewSessionAsync()
    {
        var request = new CreateSessionRequest { CustomerId = "CUST-1" };
        request.Items.Add(new SessionItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Quantity = 2, UnitPrice = MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01" });
        return await _sessions.CreateAsync(request, CancellationToken.None);
    }

    private static async Task<string?> ReasonAsync(Func<Task> action) => (await Assert.ThrowsAsync<DomainException>(action)).Reason;

    [Fact]
    public async Task A_session_computes_its_subtotal_and_expires_in_thirty_minutes()
    {
        var session = await NewSessionAsync();
        Assert.StartsWith("CHECKOUT-", session.SessionId);
        Assert.Equal(49998, session.Subtotal.MinorUnits);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(30), session.ExpiresAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Open_then_submitting_then_completed_and_never_twice()
    {
        var session = await NewSessionAsync();
        var orderId = await StartAsync(session.SessionId, "CUST-1");
        Assert.StartsWith("ORD-", orderId);

        Assert.Equal("SESSION_BUSY", await ReasonAsync(() => StartAsync(session.SessionId, "CUST-1")));

        await CompleteAsync(orderId);
        Assert.Equal("SESSION_ALREADY_USED", await ReasonAsync(() => StartAsync(session.SessionId, "CUST-1")));
    }

    [Fact]
    public async Task A_failed_submission_reopens_the_session_for_another_order()
    {
        var session = await NewSessionAsync();
        var first = await StartAsync(session.SessionId, "CUST-1");
        await ReopenAsync(first);

        var second = await StartAsync(session.SessionId, "CUST-1");
        Assert.NotEqual(first, second);

        // A late undo of the first attempt must not disturb the second.
        await ReopenAsync(first);
        Assert.Equal(SessionStatus.Submitting, (await _sessions.GetAsync(session.SessionId, "CUST-1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_expired_session_cannot_be_submitted()
    {
        var session = await NewSessionAsync();
        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(SessionStatus.Expired, (await _sessions.GetAsync(session.SessionId, "CUST-1", CancellationToken.None)).Status);
        Assert.Equal("SESSION_EXPIRED", await ReasonAsync(() => StartAsync(session.SessionId, "CUST-1")));
    }

    [Fact]
    public async Task Another_customers_session_does_not_exist()
    {
        var session = await NewSessionAsync();
        Assert.Equal("SESSION_NOT_FOUND", await ReasonAsync(() => StartAsync(session.SessionId, "CUST-2")));
    }

    [Fact]
    public void Another_sessions_submission_blocks_until_the_hold_time_has_passed()
    {
        var now = _clock.GetUtcNow();
        var claims = CustomerCheckouts.None with { SubmittingSessionId = "CHECKOUT-A", SubmittingSince = now };
        Assert.Equal("CHECKOUT-A", SessionRules.SubmittingElsewhere(claims, "CHECKOUT-B", now + TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1)));
        Assert.Null(SessionRules.SubmittingElsewhere(claims, "CHECKOUT-B", now + TimeSpan.FromMinutes(15)));
        Assert.Null(SessionRules.SubmittingElsewhere(claims, "CHECKOUT-A", now));
        Assert.Null(SessionRules.SubmittingElsewhere(CustomerCheckouts.None, "CHECKOUT-B", now));
    }

    [Fact]
    public void A_session_begun_up_to_the_last_order_is_superseded_and_one_begun_after_it_is_not()
    {
        var ordered = _clock.GetUtcNow();
        var claims = CustomerCheckouts.None with { LastOrderId = "ORD-1", LastOrderAt = ordered };
        Assert.True(SessionRules.Superseded(claims, ordered));
        Assert.True(SessionRules.Superseded(claims, ordered.AddSeconds(-1)));
        Assert.False(SessionRules.Superseded(claims, ordered.AddTicks(1)));
        Assert.False(SessionRules.Superseded(CustomerCheckouts.None, ordered));
    }

    [Fact]
    public void Sessions_and_cart_claims_are_kept_under_their_own_keys()
    {
        Assert.Equal("session:CHECKOUT-1", SessionRules.Key("CHECKOUT-1"));
        Assert.Equal("checkouts-of:CUST-1", CustomerCheckouts.Key("CUST-1"));
    }
}
