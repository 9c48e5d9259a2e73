using Checkout.Contracts.Demo;
using Checkout.Contracts.Payment.V1;
using Checkout.Payment;
using Checkout.Payment.Fraud;
using Checkout.Payment.Gateway;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Payment;

/// <summary>
/// What a charge writes, and in how many transactions: the payment with its verdict and the
/// charge in the fraud histories together, then the gateway's ledger, then the outcome with
/// the histories again. Each transaction is one commit a checkout waits for.
/// </summary>
public sealed class PaymentWritesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingStore _store = new(new InMemoryStateStore());
    private readonly FraudPolicy _policy = new();

    private PaymentGrpcService Service() => new(
        _store,
        new PaymentVault(_store),
        new SimulatedGateway(_store, _clock),
        new FraudLedger(_store, _clock, Options.Create(_policy)),
        Options.Create(_policy),
        _clock,
        NullLogger<PaymentGrpcService>.Instance);

    /// <summary>The demo customer's own saved card: the gateway knows its fingerprint, so it has a card history too.</summary>
    private Task<ProcessPaymentResponse> ChargeAsync(string orderId, string method = "PM-001", string customer = DemoData.CustomerId) =>
        Service().ProcessPayment(new ProcessPaymentRequest { OrderId = orderId, CustomerId = customer, PaymentMethodId = method, Amount = MoneyExtensions.Cents(4_200) }, new TestCallContext());

    [Fact]
    public async Task A_completed_charge_commits_three_transactions_its_verdict_and_histories_together()
    {
        var payment = (await ChargeAsync("ORD-W-1")).Payment;

        Assert.Equal(PaymentStatus.Completed, payment.Status);
        Assert.Equal(
            [
                ["payment:ORD-W-1", "risk:customer:CUST-12345", "risk:card:fp_pm-001"],
                ["gateway:ORD-W-1"],
                ["payment:ORD-W-1", "risk:customer:CUST-12345", "risk:card:fp_pm-001"],
            ],
            _store.Transactions);
        var counted = await AttemptAsync(ChargeHistory.CustomerKey(DemoData.CustomerId), "ORD-W-1");
        Assert.Equal((ChargeOutcome.Completed, 4_200L), (counted?.Outcome, counted?.AmountCents));
        Assert.Equal(ChargeOutcome.Completed, (await AttemptAsync(ChargeHistory.CardKey("fp_pm-001"), "ORD-W-1"))?.Outcome);
    }

    [Fact]
    public async Task A_charge_the_screening_declines_commits_once_and_is_counted_declined()
    {
        // A test card: anyone's, so the gateway gives it no fingerprint and it has no card history.
        var payment = (await ChargeAsync("ORD-W-2", "PM-TEST-RISK-HIGHEST")).Payment;

        Assert.Equal(PaymentStatus.FraudDeclined, payment.Status);
        var only = Assert.Single(_store.Transactions);
        Assert.Equal(["payment:ORD-W-2", "risk:customer:CUST-12345"], only);
        Assert.Equal(ChargeOutcome.Declined, (await AttemptAsync(ChargeHistory.CustomerKey(DemoData.CustomerId), "ORD-W-2"))?.Outcome);
    }

    [Fact]
    public async Task Each_charge_of_a_customer_is_counted_beside_the_earlier_ones()
    {
        await ChargeAsync("ORD-W-5");
        await ChargeAsync("ORD-W-6");

        foreach (var key in new[] { ChargeHistory.CustomerKey(DemoData.CustomerId), ChargeHistory.CardKey("fp_pm-001") })
        {
            var history = (await _store.GetJsonAsync<ChargeHistory>(key))!.Value;
            Assert.Equal(["ORD-W-5", "ORD-W-6"], history.Attempts.Select(a => a.OrderId).Order());
        }
    }

    [Fact]
    public async Task A_retried_charge_writes_nothing_new_and_answers_the_first_outcome()
    {
        var first = (await ChargeAsync("ORD-W-3")).Payment;
        var before = _store.Transactions.Count;

        var again = (await ChargeAsync("ORD-W-3")).Payment;

        Assert.Equal((first.Status, first.TransactionId), (again.Status, again.TransactionId));
        Assert.Equal(before, _store.Transactions.Count);
    }

    [Fact]
    public async Task A_claim_written_before_the_verdict_was_kept_with_it_is_judged_in_one_transaction()
    {
        // A payment claimed and counted, then cut off before its verdict was kept (as an earlier version wrote them).
        var card = (await new PaymentVault(_store).FindAsync(DemoData.CustomerId, "PM-001", CancellationToken.None))!;
        await _store.TrySaveJsonAsync(PaymentRecord.Key("ORD-W-4"), new PaymentRecord("ORD-W-4", DemoData.CustomerId, card.PaymentMethodId, card.Type, card.Last4, 4_200, PaymentRecord.Pending, null, null) { Card = card }, ETags.MustNotExist);
        var countedAt = _clock.GetUtcNow();
        await _store.TrySaveJsonAsync(ChargeHistory.CustomerKey(DemoData.CustomerId), new ChargeHistory([new ChargeAttempt("ORD-W-4", DemoData.CustomerId, 4_200, countedAt, ChargeOutcome.Pending)]), ETags.MustNotExist);
        _store.Transactions.Clear();
        _clock.Advance(TimeSpan.FromMinutes(1));

        var payment = (await ChargeAsync("ORD-W-4")).Payment;

        Assert.Equal(PaymentStatus.Completed, payment.Status);
        Assert.Equal(3, _store.Transactions.Count);
        Assert.Equal(["payment:ORD-W-4", "risk:customer:CUST-12345", "risk:card:fp_pm-001"], _store.Transactions[0]);
        // Counted once, when it was first counted: judging it again does not make it a new charge.
        var history = (await _store.GetJsonAsync<ChargeHistory>(ChargeHistory.CustomerKey(DemoData.CustomerId)))!.Value;
        Assert.Equal(countedAt, Assert.Single(history.Attempts).At);
    }

    private async Task<ChargeAttempt?> AttemptAsync(string historyKey, string orderId) =>
        (await _store.GetJsonAsync<ChargeHistory>(historyKey))?.Value.Find(orderId);

    /// <summary>The keys of every transaction that committed, in order.</summary>
    private sealed class CountingStore(IStateStore inner) : IStateStore
    {
        public List<List<string>> Transactions { get; } = [];

        public Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) => inner.GetManyAsync(keys, cancellationToken);

        public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
            TryTransactAsync([StateOperation.Upsert(key, value, etag, timeToLive)], cancellationToken);

        public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default) =>
            TryTransactAsync([StateOperation.Delete(key, etag)], cancellationToken);

        public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
        {
            var committed = await inner.TryTransactAsync(operations, cancellationToken);
            if (committed)
            {
                lock (Transactions)
                {
                    Transactions.Add([.. operations.Select(op => op.Key)]);
                }
            }

            return committed;
        }
    }
}
