using System.Net;
using Checkout.Checkouts;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Common.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Pricing;
using Checkout.Contracts.Promotion.V1;
using Checkout.Payment;
using Checkout.Payment.Gateway;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Checkout.Standalone;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.IntegrationTests;

/// <summary>
/// Submissions a crash cut off, left exactly as the saga leaves them at each recorded stage
/// (its record, and what it had done by then), then carried on by Checkout's recovery once
/// the grace has passed. A real process killed mid-checkout is in RunFile/CrashTests.cs.
/// </summary>
public sealed class RecoveryTests : OwnMesh
{
    private const string Key = "crash-key-1";
    private readonly FakeTimeProvider _clock = new(PinnedCalendar.Start);

    protected override MeshOptions Configure(MeshOptions options) => options with { TimeProvider = _clock };

    private SubmissionStore Submissions => Mesh.Services(AppIds.Checkout).GetRequiredService<SubmissionStore>();

    private SubmissionRecovery Recovery => Mesh.Services(AppIds.Checkout).GetRequiredService<SubmissionRecovery>();

    [Fact]
    public async Task A_submission_cut_off_before_payment_is_undone_and_can_be_submitted_again_with_its_key()
    {
        using var shopper = await ShopperAsync("CUST-12345");
        var (request, record) = await StartAsync(shopper, points: 500);
        await new InventoryService.InventoryServiceClient(Channel(AppIds.Inventory)).ReserveStockAsync(new ReserveStockRequest { ReservationId = record.OrderId, Lines = { new ReservationLine { Sku = "SKU-ABC-001", WarehouseId = "US-WEST-01", Quantity = 1 } } });
        await new LoyaltyService.LoyaltyServiceClient(Channel(AppIds.Loyalty)).HoldPointsAsync(new HoldPointsRequest { OrderId = record.OrderId, CustomerId = "CUST-12345", Points = 500 });

        // Younger than the grace: left alone, it may still be running.
        Assert.Equal(0, await Recovery.RecoverAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await Recovery.RecoverAsync(CancellationToken.None));

        Assert.Equal(SubmissionStage.Failed, (await Submissions.GetAsync(record.OrderId, CancellationToken.None))!.Stage);
        Assert.Equal(0, (await StockAsync()).Reserved);
        Assert.Equal(1250, (await Benefits()).AvailablePoints);
        Assert.Empty(await Submissions.OpenAsync(CancellationToken.None));

        // The key was released and the session opened: the client's retry runs and is paid once.
        var order = await (await shopper.SubmitAsync(Body(request), Key)).ReadAsync(HttpStatusCode.Created);
        Assert.Equal(500, order.GetProperty("loyalty").GetProperty("pointsUsed").GetInt32());
    }

    [Fact]
    public async Task A_submission_cut_off_after_the_charge_is_finished_and_its_key_answers_with_the_order()
    {
        using var shopper = await ShopperAsync();
        var (request, record) = await StartAsync(shopper, code: "WELCOME10");
        await DoEverythingBeforeTheChargeAsync(record, "WELCOME10");
        await Submissions.AdvanceAsync(record.OrderId, SubmissionStage.Started, SubmissionStage.Charging, null, CancellationToken.None);
        await new PaymentService.PaymentServiceClient(Channel(AppIds.Payment)).ProcessPaymentAsync(new ProcessPaymentRequest { OrderId = record.OrderId, CustomerId = shopper.CustomerId, PaymentMethodId = "PM-TEST-VISA", Amount = MoneyExtensions.Cents(24999) });

        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await Recovery.RecoverAsync(CancellationToken.None));

        var replay = await (await shopper.SubmitAsync(Body(request), Key)).ReadAsync(HttpStatusCode.Created);
        Assert.Equal(record.OrderId, replay.GetProperty("orderId").GetString());
        Assert.Equal("CONFIRMED", replay.GetProperty("status").GetString());
        await Mesh.EventBus.WhenHandledAsync(AppIds.Order, $"evt-{record.OrderId}-created").WaitAsync(TimeSpan.FromSeconds(30));
        var stock = await StockAsync();
        Assert.Equal((149, 0), (stock.OnHand, stock.Reserved));

        // The use of the once-per-customer code counts, also after its hold would have lapsed.
        _clock.Advance(TimeSpan.FromMinutes(20));
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), promotionCodes: ["WELCOME10"]))).ErrorAsync(HttpStatusCode.BadRequest, "PROMOTION_NOT_APPLICABLE");
    }

    [Fact]
    public async Task A_charge_left_pending_by_a_crash_is_asked_again_and_taken_once()
    {
        using var shopper = await ShopperAsync();
        var (request, record) = await StartAsync(shopper);
        await DoEverythingBeforeTheChargeAsync(record, code: null);
        await Submissions.AdvanceAsync(record.OrderId, SubmissionStage.Started, SubmissionStage.Charging, null, CancellationToken.None);
        // Payment wrote its record and charged, then died before it wrote the outcome.
        var gateway = Mesh.Services(AppIds.Payment).GetRequiredService<SimulatedGateway>();
        await Mesh.Services(AppIds.Payment).GetRequiredService<IStateStore>().TrySaveJsonAsync(
            PaymentRecord.Key(record.OrderId),
            new PaymentRecord(record.OrderId, shopper.CustomerId, "PM-TEST-VISA", "credit_card", "4242", 24999, PaymentRecord.Pending, null, null),
            ETags.MustNotExist);
        await gateway.ChargeAsync(PaymentVault.TestCards.Single(c => c.PaymentMethodId == "PM-TEST-VISA"), 24999, record.OrderId, CancellationToken.None);
        var chargesBefore = gateway.Charges;

        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await Recovery.RecoverAsync(CancellationToken.None));

        Assert.Equal(chargesBefore, gateway.Charges);
        var payment = (await new PaymentService.PaymentServiceClient(Channel(AppIds.Payment)).GetPaymentAsync(new GetPaymentRequest { OrderId = record.OrderId })).Payment;
        Assert.Equal(PaymentStatus.Completed, payment.Status);
        var order = await shopper.OrderAsync(record.OrderId);
        Assert.Contains(order.GetProperty("status").GetString(), new[] { "CONFIRMED", "PROCESSING" });
        Assert.Equal(SubmissionStage.Completed, (await Submissions.GetAsync(record.OrderId, CancellationToken.None))!.Stage);
    }

    /// <summary>A keyed submission, started as the saga starts one: key claimed, session locked, record Started.</summary>
    private async Task<(SubmitOrderRequest Request, SubmissionRecord Record)> StartAsync(Shopper shopper, int points = 0, string? code = null)
    {
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var request = new SubmitOrderRequest
        {
            CustomerId = shopper.CustomerId,
            SessionId = await shopper.InitiateSessionAsync(),
            ShippingAddress = new Address { Street = "123 Main St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
            BillingAddress = new Address { Street = "123 Main St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
            PaymentMethodId = "PM-TEST-VISA",
            PaymentMethodType = "credit_card",
            ShippingMethod = "standard",
            LoyaltyPointsToUse = points,
            Notes = "Please deliver after 5 PM",
            IdempotencyKey = Key,
        };
        if (code is not null)
        {
            request.PromotionCodes.Add(code);
        }

        var keys = Mesh.Services(AppIds.Checkout).GetRequiredService<IdempotencyStore>();
        await keys.ClaimAsync(shopper.CustomerId, Key, SubmissionSaga.RequestHash(request), CancellationToken.None);
        var (_, record) = await Submissions.StartAsync(request, CancellationToken.None);
        return (request, record);
    }

    /// <summary>Stock reserved, the code's use held, the order created PENDING_PAYMENT: all the saga does before it records Charging.</summary>
    private async Task DoEverythingBeforeTheChargeAsync(SubmissionRecord record, string? code)
    {
        await new InventoryService.InventoryServiceClient(Channel(AppIds.Inventory)).ReserveStockAsync(new ReserveStockRequest { ReservationId = record.OrderId, Lines = { new ReservationLine { Sku = "SKU-ABC-001", WarehouseId = "US-WEST-01", Quantity = 1 } } });
        var order = new Contracts.Order.V1.Order
        {
            OrderId = record.OrderId,
            CustomerId = record.CustomerId,
            CheckoutSessionId = record.SessionId,
            ReservationId = record.OrderId,
            ShippingAddress = new Address { Street = "123 Main St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
            Items = { new OrderItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "Premium Wireless Headphones", Quantity = 1, UnitPrice = MoneyExtensions.Cents(24999), TotalPrice = MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01" } },
            Pricing = new OrderPricing { Subtotal = MoneyExtensions.Cents(24999), TotalDiscounts = MoneyExtensions.Cents(0), Shipping = MoneyExtensions.Cents(0), Tax = MoneyExtensions.Cents(0), Total = MoneyExtensions.Cents(24999) },
            Payment = new OrderPayment { Method = "credit_card", Status = "PENDING" },
            Shipping = new OrderShipping { Method = "standard", WarehouseId = "US-WEST-01", Cost = MoneyExtensions.Cents(0) },
        };
        if (code is not null)
        {
            await new PromotionService.PromotionServiceClient(Channel(AppIds.Promotion)).HoldUsageAsync(new HoldUsageRequest { OrderId = record.OrderId, CustomerId = record.CustomerId, Codes = { code } });
            order.Pricing.Discounts.Add(new OrderDiscount { Type = DiscountTypes.Promotion, Code = code, Amount = MoneyExtensions.Cents(1000) });
        }

        await new OrderService.OrderServiceClient(Channel(AppIds.Order)).CreateOrderAsync(new CreateOrderRequest { Order = order });
    }

    private static object Body(SubmitOrderRequest request) => Shopper.Body(request.SessionId, request.PaymentMethodId, promotionCodes: [.. request.PromotionCodes], loyaltyPointsToUse: request.LoyaltyPointsToUse);

    private async Task<StockLevel> StockAsync() =>
        (await new InventoryService.InventoryServiceClient(Channel(AppIds.Inventory)).GetAvailabilityAsync(new GetAvailabilityRequest { WarehouseId = "US-WEST-01", Skus = { "SKU-ABC-001" } })).Levels.Single();

    private async Task<GetCheckoutBenefitsResponse> Benefits() =>
        await new LoyaltyService.LoyaltyServiceClient(Channel(AppIds.Loyalty)).GetCheckoutBenefitsAsync(new GetCheckoutBenefitsRequest { CustomerId = "CUST-12345" });
}
