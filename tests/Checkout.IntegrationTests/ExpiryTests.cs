using System.Net;
using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.IntegrationTests;

/// <summary>Session and reservation expiry, with the mesh on a clock the test moves.</summary>
public sealed class ExpiryTests : OwnMesh
{
    private readonly FakeTimeProvider _clock = new(PinnedCalendar.Start);

    protected override MeshOptions Configure(MeshOptions options) => options with { TimeProvider = _clock };

    [Fact]
    public async Task A_session_older_than_thirty_minutes_cannot_be_submitted()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var sessionId = await shopper.InitiateSessionAsync();

        _clock.Advance(TimeSpan.FromMinutes(31));

        var message = await (await shopper.SubmitAsync(Shopper.Body(sessionId))).ErrorAsync(HttpStatusCode.BadRequest, "SESSION_EXPIRED");
        Assert.Contains("start the checkout again", message);
        Assert.Empty((await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task A_paid_orders_use_of_a_once_per_customer_code_still_counts_after_the_holds_have_lapsed()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), promotionCodes: ["WELCOME10"]))).ReadAsync(HttpStatusCode.Created);

        _clock.Advance(TimeSpan.FromMinutes(20));

        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var message = await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), promotionCodes: ["WELCOME10"]))).ErrorAsync(HttpStatusCode.BadRequest, "PROMOTION_NOT_APPLICABLE");
        Assert.Contains("1 time(s) per customer", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unconfirmed_reservation_gives_its_stock_back_after_fifteen_minutes()
    {
        using var channel = GrpcChannel.ForAddress(Mesh.Addresses[AppIds.Inventory]);
        var inventory = new InventoryService.InventoryServiceClient(channel);
        await inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-10030-01", WarehouseId = "US-WEST-01", OnHand = 4 });
        var reserve = new ReserveStockRequest { ReservationId = "R-EXPIRY" };
        reserve.Lines.Add(new ReservationLine { Sku = "SKU-10030-01", WarehouseId = "US-WEST-01", Quantity = 3 });
        await inventory.ReserveStockAsync(reserve);
        Assert.Equal(1, await AvailableAsync(inventory));

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(1, await AvailableAsync(inventory));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, await AvailableAsync(inventory));
    }

    [Fact]
    public async Task An_order_left_pending_after_a_successful_charge_is_confirmed_by_the_reconciler()
    {
        using var orderChannel = GrpcChannel.ForAddress(Mesh.Addresses[AppIds.Order]);
        using var paymentChannel = GrpcChannel.ForAddress(Mesh.Addresses[AppIds.Payment]);
        var orders = new Contracts.Order.V1.OrderService.OrderServiceClient(orderChannel);
        var payments = new Contracts.Payment.V1.PaymentService.PaymentServiceClient(paymentChannel);
        var paid = NewOrder("ORD-RECON-PAID");
        var abandoned = NewOrder("ORD-RECON-LEFT");
        var young = NewOrder("ORD-RECON-YOUNG");
        await orders.CreateOrderAsync(new Contracts.Order.V1.CreateOrderRequest { Order = paid });
        await orders.CreateOrderAsync(new Contracts.Order.V1.CreateOrderRequest { Order = abandoned });
        // The submission died right after the charge: nobody confirmed the order.
        await payments.ProcessPaymentAsync(new Contracts.Payment.V1.ProcessPaymentRequest { OrderId = paid.OrderId, CustomerId = paid.CustomerId, PaymentMethodId = "PM-TEST-VISA", Amount = paid.Pricing.Total });
        var reconciler = Mesh.Services(AppIds.Order).GetRequiredService<Checkout.Order.PaymentReconciler>();

        _clock.Advance(TimeSpan.FromMinutes(3));
        await orders.CreateOrderAsync(new Contracts.Order.V1.CreateOrderRequest { Order = young });
        Assert.Equal(1, await reconciler.ReconcileAsync(CancellationToken.None));

        await Mesh.EventBus.WhenHandledAsync(AppIds.Order, $"evt-{paid.OrderId}-created").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Contracts.Order.V1.OrderStatus.Processing, (await orders.GetOrderAsync(new Contracts.Order.V1.GetOrderRequest { OrderId = paid.OrderId })).Order.Status);
        Assert.Equal(Contracts.Order.V1.OrderStatus.PendingPayment, (await orders.GetOrderAsync(new Contracts.Order.V1.GetOrderRequest { OrderId = abandoned.OrderId })).Order.Status);
        using var loyaltyChannel = GrpcChannel.ForAddress(Mesh.Addresses[AppIds.Loyalty]);
        var points = await new Contracts.Loyalty.V1.LoyaltyService.LoyaltyServiceClient(loyaltyChannel).GetCheckoutBenefitsAsync(new Contracts.Loyalty.V1.GetCheckoutBenefitsRequest { CustomerId = paid.CustomerId });
        Assert.Equal(249, points.AvailablePoints); // one point per whole dollar of 249.99, as a normal checkout earns

        // Past the reservation's 15 minutes, an order never charged cannot be paid any more.
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(1, await reconciler.ReconcileAsync(CancellationToken.None));
        Assert.Equal(Contracts.Order.V1.OrderStatus.PaymentFailed, (await orders.GetOrderAsync(new Contracts.Order.V1.GetOrderRequest { OrderId = abandoned.OrderId })).Order.Status);
        Assert.Equal(Contracts.Order.V1.OrderStatus.PendingPayment, (await orders.GetOrderAsync(new Contracts.Order.V1.GetOrderRequest { OrderId = young.OrderId })).Order.Status);
    }

    private static Contracts.Order.V1.Order NewOrder(string orderId)
    {
        var order = new Contracts.Order.V1.Order
        {
            OrderId = orderId,
            CustomerId = "CUST-RECON",
            ReservationId = orderId,
            ShippingAddress = new Contracts.Common.V1.Address { Street = "1 Main St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
            Pricing = new Contracts.Order.V1.OrderPricing { Subtotal = Platform.Money.MoneyExtensions.Cents(24999), TotalDiscounts = Platform.Money.MoneyExtensions.Cents(0), Shipping = Platform.Money.MoneyExtensions.Cents(0), Tax = Platform.Money.MoneyExtensions.Cents(0), Total = Platform.Money.MoneyExtensions.Cents(24999) },
            Shipping = new Contracts.Order.V1.OrderShipping { Method = "standard", WarehouseId = "US-WEST-01" },
        };
        order.Items.Add(new Contracts.Order.V1.OrderItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "Premium Wireless Headphones", Quantity = 1, UnitPrice = Platform.Money.MoneyExtensions.Cents(24999), TotalPrice = Platform.Money.MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01" });
        return order;
    }

    private static async Task<int> AvailableAsync(InventoryService.InventoryServiceClient inventory)
    {
        var request = new GetAvailabilityRequest { WarehouseId = "US-WEST-01" };
        request.Skus.Add("SKU-10030-01");
        return (await inventory.GetAvailabilityAsync(request)).Levels.Single().Available;
    }
}
