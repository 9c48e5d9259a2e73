using System.Net;
using System.Net.Http.Json;
using Checkout.Checkouts;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Payment;
using Checkout.Payment.Fraud;
using Checkout.Payment.Gateway;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Checkout.Standalone;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.IntegrationTests;

/// <summary>
/// The fraud checks end to end (README, "Fraud checks"): each outcome shown by a test card or
/// a customer, over the REST API and the reviewer's gRPC calls, with what was charged and
/// what stayed held checked in the services themselves.
/// </summary>
public sealed class FraudTests : OwnMesh
{
    private readonly FakeTimeProvider _clock = new(PinnedCalendar.Start);

    protected override MeshOptions Configure(MeshOptions options) => options with { TimeProvider = _clock };

    private SimulatedGateway Gateway => Mesh.Services(AppIds.Payment).GetRequiredService<SimulatedGateway>();

    private CheckoutService.CheckoutServiceClient Reviewer => new(Channel(AppIds.Checkout));

    [Fact]
    public async Task A_charge_the_gateway_finds_risky_is_held_uncharged_until_a_reviewer_approves_it()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-002");
        var body = Shopper.Body(await shopper.InitiateSessionAsync(), "PM-TEST-RISK-ELEVATED");
        var charges = Gateway.Charges;

        using var submitted = await shopper.SubmitAsync(body, "review-1");
        var held = await submitted.ReadAsync(HttpStatusCode.Accepted);
        var orderId = held.GetProperty("orderId").GetString()!;
        Assert.Equal(("PAYMENT_REVIEW", "IN_REVIEW"), (held.GetProperty("status").GetString(), held.GetProperty("payment").GetProperty("status").GetString()));
        Assert.Equal($"/api/v1/orders/{orderId}", submitted.Headers.Location?.OriginalString);
        Assert.Equal(charges, Gateway.Charges);
        Assert.Equal("PAYMENT_REVIEW", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
        Assert.Equal(1, (await StockAsync("SKU-ABC-002")).Reserved);

        // The key answers what the first request answered; the reviewer's queue shows why.
        using var replay = await shopper.SubmitAsync(body, "review-1");
        Assert.Equal(orderId, (await replay.ReadAsync(HttpStatusCode.Accepted)).GetProperty("orderId").GetString());
        var queued = Assert.Single((await Reviewer.ListHeldOrdersAsync(new ListHeldOrdersRequest())).Orders, o => o.OrderId == orderId);
        Assert.Equal((shopper.CustomerId, 50), (queued.CustomerId, queued.RiskScore));
        Assert.Equal([FraudSignals.GatewayRiskElevated], queued.RiskReasons);
        Assert.Equal(queued.PlacedAt.ToDateTimeOffset() + TimeSpan.FromMinutes(10), queued.ReviewBy.ToDateTimeOffset());

        // Waiting for a reviewer is not being stuck: recovery leaves it alone.
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await Recovery.RecoverAsync(CancellationToken.None));

        var approved = (await Reviewer.ReviewHeldOrderAsync(new ReviewHeldOrderRequest { OrderId = orderId, Approve = true, Reviewer = "ana" })).Order;
        Assert.Equal(Contracts.Order.V1.OrderStatus.Confirmed, approved.Status);
        Assert.Equal(charges + 1, Gateway.Charges);
        // A second decision answers the order as it is now (confirmed, or processing once order.created is out).
        var again = (await Reviewer.ReviewHeldOrderAsync(new ReviewHeldOrderRequest { OrderId = orderId, Approve = false, Reviewer = "bob" })).Order;
        Assert.Contains(again.Status, new[] { Contracts.Order.V1.OrderStatus.Confirmed, Contracts.Order.V1.OrderStatus.Processing });
        Assert.Equal(charges + 1, Gateway.Charges);
        Assert.DoesNotContain((await Reviewer.ListHeldOrdersAsync(new ListHeldOrdersRequest())).Orders, o => o.OrderId == orderId);

        await Mesh.EventBus.WhenHandledAsync(AppIds.Inventory, $"evt-{orderId}-created").WaitAsync(TimeSpan.FromSeconds(30));
        await Mesh.EventBus.WhenHandledAsync(AppIds.Order, $"evt-{orderId}-created").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await StockAsync("SKU-ABC-002")).Reserved);
        Assert.Equal("PROCESSING", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejected_review_fails_the_order_releases_what_it_held_and_charges_nothing()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-003");
        var before = await StockAsync("SKU-ABC-003");
        var charges = Gateway.Charges;
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), "PM-TEST-RISK-ELEVATED", promotionCodes: ["WELCOME10"]))).ReadAsync(HttpStatusCode.Accepted)).GetProperty("orderId").GetString()!;

        var rejected = (await Reviewer.ReviewHeldOrderAsync(new ReviewHeldOrderRequest { OrderId = orderId, Approve = false, Reviewer = "ana" })).Order;

        Assert.Equal(Contracts.Order.V1.OrderStatus.PaymentFailed, rejected.Status);
        Assert.Equal(charges, Gateway.Charges);
        Assert.Equal(before.Reserved, (await StockAsync("SKU-ABC-003")).Reserved);
        var payment = (await new PaymentService.PaymentServiceClient(Channel(AppIds.Payment)).GetPaymentAsync(new GetPaymentRequest { OrderId = orderId })).Payment;
        Assert.Equal(PaymentStatus.FraudDeclined, payment.Status);
        // An approval after the rejection changes nothing.
        Assert.Equal(Contracts.Order.V1.OrderStatus.PaymentFailed, (await Reviewer.ReviewHeldOrderAsync(new ReviewHeldOrderRequest { OrderId = orderId, Approve = true })).Order.Status);
        Assert.Equal(charges, Gateway.Charges);

        // The once-per-customer code it held is free again, and the cart can be bought with a good card.
        _clock.Advance(TimeSpan.FromSeconds(1));
        var order = await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), promotionCodes: ["WELCOME10"]))).ReadAsync(HttpStatusCode.Created);
        Assert.Equal("CONFIRMED", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_review_nobody_decides_in_ten_minutes_is_released_and_a_late_approval_refused()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-002");
        var charges = Gateway.Charges;
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), "PM-TEST-RISK-ELEVATED"))).ReadAsync(HttpStatusCode.Accepted)).GetProperty("orderId").GetString()!;

        _clock.Advance(TimeSpan.FromMinutes(10));
        var late = await Assert.ThrowsAsync<RpcException>(() => Reviewer.ReviewHeldOrderAsync(new ReviewHeldOrderRequest { OrderId = orderId, Approve = true }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "REVIEW_EXPIRED"), (late.StatusCode, ErrorReason(late)));

        Assert.Equal(1, await Recovery.RecoverAsync(CancellationToken.None));
        var order = await shopper.OrderAsync(orderId);
        Assert.Equal("PAYMENT_FAILED", order.GetProperty("status").GetString());
        Assert.Equal(charges, Gateway.Charges);
        Assert.Equal(PaymentStatus.FraudDeclined, (await new PaymentService.PaymentServiceClient(Channel(AppIds.Payment)).GetPaymentAsync(new GetPaymentRequest { OrderId = orderId })).Payment.Status);
    }

    [Fact]
    public async Task A_charge_the_gateway_finds_highest_risk_is_declined_as_fraud_and_undone_like_a_failed_payment()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-003");
        var before = await StockAsync("SKU-ABC-003");
        var charges = Gateway.Charges;
        var session = await shopper.InitiateSessionAsync();

        await (await shopper.SubmitAsync(Shopper.Body(session, "PM-TEST-RISK-HIGHEST"))).ErrorAsync(HttpStatusCode.BadRequest, "FRAUD_SUSPECTED");

        Assert.Equal(charges, Gateway.Charges);
        Assert.Equal(before.Reserved, (await StockAsync("SKU-ABC-003")).Reserved);
        var failed = (await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders")[0];
        Assert.Equal("PAYMENT_FAILED", failed.GetProperty("status").GetString());
        // As after a declined card, the session is open again for another card.
        await (await shopper.SubmitAsync(Shopper.Body(session))).ReadAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_new_customers_large_order_is_held_and_declined_when_it_is_also_billed_abroad()
    {
        using var home = await ShopperAsync();
        using var abroad = await ShopperAsync();
        foreach (var shopper in new[] { home, abroad })
        {
            await shopper.AddAsync("PROD-12345", "SKU-ABC-001", quantity: 10);
        }

        // 10 × 249.99 and tax: over the 2,500.00 of a new customer's first order.
        var held = await (await home.SubmitAsync(Shopper.Body(await home.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Accepted);
        Assert.True(held.GetProperty("pricing").GetProperty("total").GetDecimal() >= 2500m);
        var queued = Assert.Single((await Reviewer.ListHeldOrdersAsync(new ListHeldOrdersRequest())).Orders, o => o.OrderId == held.GetProperty("orderId").GetString());
        Assert.Equal([FraudSignals.NewCustomerLargeOrder], queued.RiskReasons);

        var billedInCanada = Shopper.Body(await abroad.InitiateSessionAsync(), billingAddress: new { street = "1 King St W", city = "Toronto", state = "ON", zipCode = "M5H 1A1", country = "CA" });
        await (await abroad.SubmitAsync(billedInCanada)).ErrorAsync(HttpStatusCode.BadRequest, "FRAUD_SUSPECTED");
    }

    [Fact]
    public async Task Racing_charges_of_one_customer_get_exactly_as_many_through_as_the_velocity_limit_allows()
    {
        var payments = new PaymentService.PaymentServiceClient(Channel(AppIds.Payment));
        var customer = $"CUST-RACE-{Guid.NewGuid():N}"[..20];
        var charges = Gateway.Charges;

        var results = await Race.AllAtOnceAsync(Enumerable.Range(0, 14).Select(i => (Func<Task<Contracts.Payment.V1.Payment>>)(async () =>
            (await payments.ProcessPaymentAsync(new ProcessPaymentRequest { OrderId = $"ORD-RACE-{customer}-{i}", CustomerId = customer, PaymentMethodId = "PM-TEST-VISA", Amount = MoneyExtensions.Cents(1_000) })).Payment)));

        Assert.Equal(10, results.Count(p => p.Status == PaymentStatus.Completed));
        Assert.All(results.Where(p => p.Status != PaymentStatus.Completed), p =>
        {
            Assert.Equal(PaymentStatus.FraudDeclined, p.Status);
            Assert.Contains(FraudSignals.CustomerVelocity, p.Risk.Reasons);
        });
        Assert.Equal(charges + 10, Gateway.Charges);

        // Once the hour has passed, none of those count any more.
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var later = (await payments.ProcessPaymentAsync(new ProcessPaymentRequest { OrderId = $"ORD-RACE-{customer}-later", CustomerId = customer, PaymentMethodId = "PM-TEST-VISA", Amount = MoneyExtensions.Cents(1_000) })).Payment;
        Assert.Equal(PaymentStatus.Completed, later.Status);
    }

    [Fact]
    public async Task Racing_attempts_to_charge_one_order_all_answer_the_one_charge()
    {
        var payments = new PaymentService.PaymentServiceClient(Channel(AppIds.Payment));
        var charges = Gateway.Charges;
        var order = $"ORD-SAME-{Guid.NewGuid():N}";

        var results = await Race.AllAtOnceAsync(Enumerable.Range(0, 8).Select(_ => (Func<Task<Contracts.Payment.V1.Payment>>)(async () =>
            (await payments.ProcessPaymentAsync(new ProcessPaymentRequest { OrderId = order, CustomerId = "CUST-SAME-ORDER", PaymentMethodId = "PM-TEST-VISA", Amount = MoneyExtensions.Cents(2_000) })).Payment)));

        // None hears "still pending" while another charges: each gets the charge's outcome.
        Assert.All(results, p => Assert.Equal(PaymentStatus.Completed, p.Status));
        Assert.Single(results.Select(p => p.TransactionId).Distinct());
        Assert.Equal(charges + 1, Gateway.Charges);
    }

    [Fact]
    public async Task A_rejection_never_charges_a_payment_an_approval_left_pending()
    {
        var payments = new PaymentService.PaymentServiceClient(Channel(AppIds.Payment));
        var order = $"ORD-APPROVED-{Guid.NewGuid():N}";
        var card = PaymentVault.TestCards.Single(c => c.PaymentMethodId == "PM-TEST-RISK-ELEVATED");
        // Approved by a reviewer, then Payment stopped before the charge: PENDING, reviewer set.
        await Mesh.Services(AppIds.Payment).GetRequiredService<IStateStore>().TrySaveJsonAsync(
            PaymentRecord.Key(order),
            new PaymentRecord(order, "CUST-APPROVED", card.PaymentMethodId, card.Type, card.Last4, 5_000, PaymentRecord.Pending, null, null) { Card = card, Risk = new StoredRisk(RiskDecision.Review, 50, [FraudSignals.GatewayRiskElevated]), Reviewer = "ana" },
            ETags.MustNotExist);
        var charges = Gateway.Charges;

        var rejected = (await payments.ReviewPaymentAsync(new ReviewPaymentRequest { OrderId = order, Approve = false, Reviewer = "checkout (undo)" })).Payment;
        Assert.Equal((PaymentStatus.Unspecified, charges), (rejected.Status, Gateway.Charges));

        // The approval's own retry finishes the charge, once.
        var approved = (await payments.ReviewPaymentAsync(new ReviewPaymentRequest { OrderId = order, Approve = true, Reviewer = "ana" })).Payment;
        Assert.Equal((PaymentStatus.Completed, charges + 1), (approved.Status, Gateway.Charges));
    }

    [Fact]
    public async Task A_held_payment_is_charged_on_approval_even_after_the_customer_removed_the_card()
    {
        using var shopper = await ShopperAsync();
        using var gateway = new HttpClient { BaseAddress = new Uri(Mesh.GatewayAddress) };
        // Stripe's elevated-risk test number: the gateway's screening holds it for review.
        using var tokenized = await gateway.PostAsJsonAsync("/gateway/v1/tokens", new { number = "4000000000009235", expMonth = 12, expYear = 2031, cvc = "123" });
        var token = (await tokenized.ReadAsync(HttpStatusCode.Created)).GetProperty("token").GetString();
        var card = (await (await shopper.Client.PostAsJsonAsync("/api/v1/payment-methods", new { token })).ReadAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await shopper.AddAsync("PROD-12345", "SKU-ABC-002");
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), card))).ReadAsync(HttpStatusCode.Accepted)).GetProperty("orderId").GetString()!;
        await (await shopper.Client.DeleteAsync($"/api/v1/payment-methods/{card}")).ReadAsync(HttpStatusCode.OK);
        var charges = Gateway.Charges;

        var approved = (await Reviewer.ReviewHeldOrderAsync(new ReviewHeldOrderRequest { OrderId = orderId, Approve = true, Reviewer = "ana" })).Order;

        Assert.Equal(Contracts.Order.V1.OrderStatus.Confirmed, approved.Status);
        Assert.Equal(("9235", charges + 1), (approved.Payment.Last4, Gateway.Charges));
    }

    private SubmissionRecovery Recovery => Mesh.Services(AppIds.Checkout).GetRequiredService<SubmissionRecovery>();

    private static string? ErrorReason(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;

    private async Task<StockLevel> StockAsync(string sku) =>
        (await new InventoryService.InventoryServiceClient(Channel(AppIds.Inventory)).GetAvailabilityAsync(new GetAvailabilityRequest { WarehouseId = "US-WEST-01", Skus = { sku } })).Levels.Single();
}
