using Checkout.CheckoutService;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Pricing;

public sealed class SessionStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 8, 10, 14, 30, 0, TimeSpan.Zero));
    private readonly SessionStore _sessions;

    public SessionStoreTests() => _sessions = new SessionStore(new InMemoryStateStore(_clock), _clock);

    private async Task<CheckoutSession> NewSessionAsync()
    {
        var request = new CreateSessionRequest { CustomerId = "CUST-1" };
        request.Items.Add(new SessionItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Quantity = 2, UnitPrice = MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01" });
        return await _sessions.CreateAsync(request, CancellationToken.None);
    }

    private static async Task<string?> ReasonAsync(Func<Task> action) => RpcErrors.ReasonOf(await Assert.ThrowsAsync<RpcException>(action));

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
        var (_, orderId) = await _sessions.StartSubmissionAsync(session.SessionId, "CUST-1", CancellationToken.None);
        Assert.StartsWith("ORD-", orderId);

        Assert.Equal("SESSION_BUSY", await ReasonAsync(() => _sessions.StartSubmissionAsync(session.SessionId, "CUST-1", CancellationToken.None)));

        await _sessions.CompleteAsync(session.SessionId, orderId, CancellationToken.None);
        Assert.Equal("SESSION_ALREADY_USED", await ReasonAsync(() => _sessions.StartSubmissionAsync(session.SessionId, "CUST-1", CancellationToken.None)));
    }

    [Fact]
    public async Task A_failed_submission_reopens_the_session_for_another_order()
    {
        var session = await NewSessionAsync();
        var (_, first) = await _sessions.StartSubmissionAsync(session.SessionId, "CUST-1", CancellationToken.None);
        await _sessions.ReopenAsync(session.SessionId, first, CancellationToken.None);

        var (_, second) = await _sessions.StartSubmissionAsync(session.SessionId, "CUST-1", CancellationToken.None);
        Assert.NotEqual(first, second);

        // A late undo of the first attempt must not disturb the second.
        await _sessions.ReopenAsync(session.SessionId, first, CancellationToken.None);
        Assert.Equal(SessionStatus.Submitting, (await _sessions.GetAsync(session.SessionId, "CUST-1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_expired_session_cannot_be_submitted()
    {
        var session = await NewSessionAsync();
        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(SessionStatus.Expired, (await _sessions.GetAsync(session.SessionId, "CUST-1", CancellationToken.None)).Status);
        Assert.Equal("SESSION_EXPIRED", await ReasonAsync(() => _sessions.StartSubmissionAsync(session.SessionId, "CUST-1", CancellationToken.None)));
    }

    [Fact]
    public async Task Another_customers_session_does_not_exist()
    {
        var session = await NewSessionAsync();
        Assert.Equal("SESSION_NOT_FOUND", await ReasonAsync(() => _sessions.StartSubmissionAsync(session.SessionId, "CUST-2", CancellationToken.None)));
    }
}
