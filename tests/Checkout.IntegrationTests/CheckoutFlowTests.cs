using System.Net;
using System.Text.Json;
using Checkout.Contracts.Analytics.V1;
using Checkout.Contracts.Customer.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Notification.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>Flows 3, 4 and 5 end to end through the BFF over real HTTP, with the order events awaited, not slept on.</summary>
[Collection(MeshCollection.Name)]
public sealed class CheckoutFlowTests(MeshFixture mesh)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    private Task<Shopper> ShopperAsync(string? customerId = null) => Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous, customerId);

    private InventoryService.InventoryServiceClient Inventory => new(mesh.Channel(AppIds.Inventory));

    private async Task<StockLevel> StockAsync(string sku, string warehouseId = "US-WEST-01")
    {
        var request = new GetAvailabilityRequest { WarehouseId = warehouseId };
        request.Skus.Add(sku);
        return (await Inventory.GetAvailabilityAsync(request)).Levels.Single();
    }

    private Task SetStockAsync(string sku, int onHand) =>
        Inventory.SetStockAsync(new SetStockRequest { Sku = sku, WarehouseId = "US-WEST-01", OnHand = onHand }).ResponseAsync;

    private Task HandledAsync(string appId, string orderId, string what = "created", int occurrence = 1) =>
        mesh.Mesh.EventBus.WhenHandledAsync(appId, $"evt-{orderId}-{what}", occurrence).WaitAsync(EventTimeout);

    private async Task OrderCompletedAsync(string orderId)
    {
        await Task.WhenAll(
            HandledAsync(AppIds.Order, orderId),
            HandledAsync(AppIds.Cart, orderId),
            HandledAsync(AppIds.Bff, orderId),
            HandledAsync(AppIds.Customer, orderId),
            HandledAsync(AppIds.Notification, orderId),
            HandledAsync(AppIds.Analytics, orderId),
            HandledAsync(AppIds.Inventory, orderId),
            HandledAsync(AppIds.Shipping, orderId, "processing"));
    }

    [Fact]
    public async Task The_seed_customer_checks_out_and_the_order_reaches_processing()
    {
        using var shopper = await ShopperAsync("CUST-12345");
        var stockBefore = await StockAsync("SKU-ABC-001");
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 2);

        // Flow 3: the seed's initiation shape.
        var initiated = await (await shopper.InitiateAsync()).ReadAsync(HttpStatusCode.OK);
        var sessionId = initiated.GetProperty("checkoutSessionId").GetString()!;
        Assert.StartsWith("CHECKOUT-", sessionId);
        var item = Assert.Single(initiated.GetProperty("cart").GetProperty("items").EnumerateArray());
        Assert.Equal(249.99m, item.Money("unitPrice"));
        Assert.Equal(499.98m, item.Money("totalPrice"));
        Assert.Equal("available", item.GetProperty("stockStatus").GetString());
        Assert.Equal(499.98m, initiated.GetProperty("cart").GetProperty("totals").Money("subtotal"));
        var address = initiated.GetProperty("customer").GetProperty("addresses")[0];
        Assert.Equal("ADDR-001", address.GetProperty("id").GetString());
        Assert.Equal("94105", address.GetProperty("zipCode").GetString());
        Assert.True(address.GetProperty("isDefault").GetBoolean());
        var card = initiated.GetProperty("customer").GetProperty("paymentMethods")[0];
        Assert.Equal(("PM-001", "4242", "visa"), (card.GetProperty("id").GetString(), card.GetProperty("last4").GetString(), card.GetProperty("brand").GetString()));
        var summer = initiated.GetProperty("promotions").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "SUMMER2024");
        Assert.Equal(75m, summer.Money("discount"));
        Assert.True(summer.GetProperty("applicable").GetBoolean());
        var loyalty = initiated.GetProperty("loyalty");
        Assert.Equal(1250, loyalty.GetProperty("availablePoints").GetInt32());
        Assert.Equal(12.50m, loyalty.Money("pointsValue"));
        Assert.True(loyalty.GetProperty("tierBenefits").GetProperty("freeShipping").GetBoolean());
        Assert.Equal(5, loyalty.GetProperty("tierBenefits").GetProperty("discountPercentage").GetInt32());
        Assert.Empty(initiated.GetProperty("unavailable").EnumerateArray());

        // Flow 4: the seed's payload.
        var order = await (await shopper.SubmitAsync(Shopper.Body(sessionId, "PM-001", promotionCodes: ["SUMMER2024"], loyaltyPointsToUse: 500))).ReadAsync(HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetString()!;
        Assert.StartsWith("ORD-", orderId);
        Assert.Matches(@"^ORD-\d{4}-\d{6}$", order.GetProperty("orderNumber").GetString());
        Assert.Equal("CONFIRMED", order.GetProperty("status").GetString());
        Assert.Equal("CUST-12345", order.GetProperty("customerId").GetString());
        Assert.Equal("US-WEST-01", Assert.Single(order.GetProperty("items").EnumerateArray()).GetProperty("warehouse").GetString());

        var pricing = order.GetProperty("pricing");
        var discounts = pricing.GetProperty("discounts").EnumerateArray().ToList();
        Assert.Equal(("promotion", "SUMMER2024", 75m), (discounts[0].GetProperty("type").GetString(), discounts[0].GetProperty("code").GetString(), discounts[0].Money("amount")));
        Assert.Equal(("tier", 21.25m), (discounts[1].GetProperty("type").GetString(), discounts[1].Money("amount")));
        Assert.Equal(("loyalty_points", 500, 5m), (discounts[2].GetProperty("type").GetString(), discounts[2].GetProperty("pointsUsed").GetInt32(), discounts[2].Money("amount")));
        Assert.Equal(101.25m, pricing.Money("totalDiscounts"));
        Assert.Equal(0m, pricing.Money("shipping"));
        Assert.Equal(32.90m, pricing.Money("tax"));
        Assert.Equal(431.63m, pricing.Money("total"));
        Assert.Equal(pricing.Money("total"), pricing.Money("subtotal") - pricing.Money("totalDiscounts") + pricing.Money("shipping") + pricing.Money("tax"));
        Assert.Equal("USD", pricing.GetProperty("currency").GetString());

        var payment = order.GetProperty("payment");
        Assert.StartsWith("txn_", payment.GetProperty("transactionId").GetString());
        Assert.Equal(("credit_card", "COMPLETED", "4242"), (payment.GetProperty("method").GetString(), payment.GetProperty("status").GetString(), payment.GetProperty("last4").GetString()));
        var shipping = order.GetProperty("shipping");
        Assert.Equal("standard", shipping.GetProperty("method").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d$", shipping.GetProperty("estimatedDelivery").GetString());
        Assert.Equal(JsonValueKind.Null, shipping.GetProperty("trackingNumber").ValueKind);
        Assert.Equal("US-WEST-01", shipping.GetProperty("warehouse").GetString());
        Assert.Equal((431, 500, 1250 - 500 + 431), (order.GetProperty("loyalty").GetProperty("pointsEarned").GetInt32(), order.GetProperty("loyalty").GetProperty("pointsUsed").GetInt32(), order.GetProperty("loyalty").GetProperty("newBalance").GetInt32()));
        Assert.Matches(@"Z$", order.GetProperty("timestamps").GetProperty("confirmedAt").GetString());

        // Flow 5: every consumer of order.created, then PROCESSING and fulfilment.
        await OrderCompletedAsync(orderId);

        Assert.Equal("PROCESSING", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
        Assert.Empty((await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());
        var stockAfter = await StockAsync("SKU-ABC-001");
        Assert.Equal(stockBefore.OnHand - 2, stockAfter.OnHand);
        Assert.Equal(0, stockAfter.Reserved);

        var sent = (await new NotificationService.NotificationServiceClient(mesh.Channel(AppIds.Notification)).ListNotificationsAsync(new ListNotificationsRequest { CustomerId = "CUST-12345" })).Notifications;
        Assert.Contains(sent, n => n.OrderId == orderId && n.Channel == Channel.Email && n.Recipient == "customer@example.com");
        Assert.Contains(sent, n => n.OrderId == orderId && n.Channel == Channel.Sms);
        var history = await new CustomerService.CustomerServiceClient(mesh.Channel(AppIds.Customer)).GetOrderHistoryAsync(new GetOrderHistoryRequest { CustomerId = "CUST-12345" });
        Assert.Contains(orderId, history.OrderIds);
        Assert.True(history.LifetimeValue.MinorUnits >= 43163);
        var analytics = new AnalyticsService.AnalyticsServiceClient(mesh.Channel(AppIds.Analytics));
        Assert.True((await analytics.GetProductPerformanceAsync(new GetProductPerformanceRequest { ProductId = "PROD-12345" })).UnitsSold >= 2);
        var shipment = (await new ShippingService.ShippingServiceClient(mesh.Channel(AppIds.Shipping)).GetShipmentAsync(new GetShipmentRequest { OrderId = orderId })).Shipment;
        Assert.Equal(ShipmentStatus.Fulfilling, shipment.Status);
        Assert.NotEmpty(shipment.TrackingNumber);

        // The customer sees the shipment's tracking number on the order and in the list.
        Assert.Equal(shipment.TrackingNumber, (await shopper.OrderAsync(orderId)).GetProperty("shipping").GetProperty("trackingNumber").GetString());
        var listed = (await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray().Single(o => o.GetProperty("orderId").GetString() == orderId);
        Assert.Equal(shipment.TrackingNumber, listed.GetProperty("shipping").GetProperty("trackingNumber").GetString());
    }

    [Theory]
    [InlineData("PM-TEST-DECLINED", "PAYMENT_DECLINED")]
    [InlineData("PM-TEST-NO-FUNDS", "INSUFFICIENT_FUNDS")]
    [InlineData("PM-TEST-TIMEOUT", "PAYMENT_TIMEOUT")]
    public async Task A_failed_payment_undoes_everything_and_the_session_can_be_paid_again(string paymentMethodId, string reason)
    {
        await SetStockAsync("SKU-10016-01", 10);
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-10016", "SKU-10016-01", 3); // 59.97, above WELCOME10's minimum of 50.00
        var sessionId = await shopper.InitiateSessionAsync();

        await (await shopper.SubmitAsync(Shopper.Body(sessionId, paymentMethodId, promotionCodes: ["WELCOME10"]))).ErrorAsync(HttpStatusCode.BadRequest, reason);

        var stock = await StockAsync("SKU-10016-01");
        Assert.Equal((10, 0, 10), (stock.OnHand, stock.Reserved, stock.Available));
        var failed = Assert.Single((await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
        Assert.Equal("PAYMENT_FAILED", failed.GetProperty("status").GetString());
        // No charge and no settlement: the order says nothing rather than "" and 0.
        Assert.False(failed.GetProperty("payment").TryGetProperty("transactionId", out _));
        Assert.False(failed.GetProperty("loyalty").TryGetProperty("newBalance", out _));
        var payment = await new PaymentService.PaymentServiceClient(mesh.Channel(AppIds.Payment)).GetPaymentAsync(new GetPaymentRequest { OrderId = failed.GetProperty("orderId").GetString() });
        Assert.NotEqual(PaymentStatus.Completed, payment.Payment.Status);

        // WELCOME10 may be used once per customer: the failed attempt did not count.
        var paid = await (await shopper.SubmitAsync(Shopper.Body(sessionId, "PM-TEST-VISA", promotionCodes: ["WELCOME10"]))).ReadAsync(HttpStatusCode.Created);
        Assert.Equal("CONFIRMED", paid.GetProperty("status").GetString());
        Assert.Equal(10m, paid.GetProperty("pricing").GetProperty("discounts")[0].Money("amount"));
        Assert.Equal(7, (await StockAsync("SKU-10016-01")).OnHand);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_answer_and_charges_once()
    {
        await SetStockAsync("SKU-10017-01", 50);
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-10017", "SKU-10017-01", 1);
        var body = Shopper.Body(await shopper.InitiateSessionAsync());

        var first = await (await shopper.SubmitAsync(body, "key-seq-1")).ReadAsync(HttpStatusCode.Created);
        var again = await (await shopper.SubmitAsync(body, "key-seq-1")).ReadAsync(HttpStatusCode.Created);

        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Single((await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
        Assert.Equal(49, (await StockAsync("SKU-10017-01")).OnHand);

        var other = Shopper.Body(first.GetProperty("orderId").GetString()!, shippingMethod: "express");
        await (await shopper.SubmitAsync(other, "key-seq-1")).ErrorAsync(HttpStatusCode.BadRequest, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Two_requests_with_one_key_at_once_make_one_order()
    {
        await SetStockAsync("SKU-10018-01", 50);
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-10018", "SKU-10018-01", 1);
        var body = Shopper.Body(await shopper.InitiateSessionAsync());

        var responses = await Task.WhenAll(shopper.SubmitAsync(body, "key-conc-1"), shopper.SubmitAsync(body, "key-conc-1"));

        var orders = await Task.WhenAll(responses.Select(r => r.ReadAsync(HttpStatusCode.Created)));
        Assert.Equal(orders[0].GetProperty("orderId").GetString(), orders[1].GetProperty("orderId").GetString());
        Assert.Single((await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
        Assert.Equal(49, (await StockAsync("SKU-10018-01")).OnHand);
    }

    [Fact]
    public async Task A_used_session_cannot_be_submitted_again()
    {
        await SetStockAsync("SKU-10019-01", 50);
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-10019", "SKU-10019-01", 1);
        var sessionId = await shopper.InitiateSessionAsync();
        await (await shopper.SubmitAsync(Shopper.Body(sessionId))).ReadAsync(HttpStatusCode.Created);

        var message = await (await shopper.SubmitAsync(Shopper.Body(sessionId))).ErrorAsync(HttpStatusCode.BadRequest, "SESSION_ALREADY_USED");
        Assert.Contains(sessionId, message);
        await (await shopper.SubmitAsync(Shopper.Body("CHECKOUT-0"))).ErrorAsync(HttpStatusCode.NotFound, "SESSION_NOT_FOUND");
    }

    [Fact]
    public async Task Concurrent_buyers_of_the_last_units_never_take_stock_below_zero()
    {
        const int units = 3;
        await SetStockAsync("SKU-10020-01", units);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 2 * units).Select(_ => ShopperAsync()));
        var bodies = new List<object>();
        foreach (var shopper in shoppers)
        {
            await shopper.AddAsync("PROD-10020", "SKU-10020-01", 1);
            bodies.Add(Shopper.Body(await shopper.InitiateSessionAsync()));
        }

        var responses = await Task.WhenAll(shoppers.Select((s, i) => s.SubmitAsync(bodies[i])));

        Assert.Equal(units, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ErrorAsync(HttpStatusCode.BadRequest, "OUT_OF_STOCK");
        }

        var stock = await StockAsync("SKU-10020-01");
        Assert.Equal((0, 0, 0), (stock.OnHand, stock.Reserved, stock.Available));
        foreach (var shopper in shoppers)
        {
            shopper.Dispose();
        }
    }

    [Fact]
    public async Task Initiating_with_an_empty_cart_or_short_stock_is_refused_naming_the_items()
    {
        using var shopper = await ShopperAsync();
        await (await shopper.InitiateAsync()).ErrorAsync(HttpStatusCode.BadRequest, "CART_EMPTY");

        await SetStockAsync("SKU-10021-01", 5);
        await shopper.AddAsync("PROD-10021", "SKU-10021-01", 3);
        await SetStockAsync("SKU-10021-01", 1);

        var message = await (await shopper.InitiateAsync()).ErrorAsync(HttpStatusCode.BadRequest, "ITEMS_UNAVAILABLE");
        Assert.Contains("SKU-10021-01 has 1 available", message);
    }

    [Theory]
    [InlineData("teleport", "", "INVALID_SHIPPING_METHOD")]
    [InlineData("standard", "SPRING2023", "PROMOTION_NOT_APPLICABLE")]
    public async Task A_bad_shipping_method_or_promotion_is_refused_and_holds_nothing(string shippingMethod, string code, string reason)
    {
        await SetStockAsync("SKU-10022-01", 5);
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-10022", "SKU-10022-01", 2);
        var sessionId = await shopper.InitiateSessionAsync();

        await (await shopper.SubmitAsync(Shopper.Body(sessionId, shippingMethod: shippingMethod, promotionCodes: [code]))).ErrorAsync(HttpStatusCode.BadRequest, reason);

        Assert.Equal(5, (await StockAsync("SKU-10022-01")).Available);
        Assert.Equal("CONFIRMED", (await (await shopper.SubmitAsync(Shopper.Body(sessionId))).ReadAsync(HttpStatusCode.Created)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Orders_are_the_customers_own_and_newest_first()
    {
        await SetStockAsync("SKU-10023-01", 50);
        using var alice = await ShopperAsync();
        using var bob = await ShopperAsync();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await alice.AddAsync("PROD-10023", "SKU-10023-01", 1);
            var order = await (await alice.SubmitAsync(Shopper.Body(await alice.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Created);
            ids.Add(order.GetProperty("orderId").GetString()!);
            await HandledAsync(AppIds.Cart, ids[^1]);
        }

        var listed = (await (await alice.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()).ToList();
        Assert.Equal([ids[1], ids[0]], listed);
        await (await bob.Client.GetAsync($"/api/v1/orders/{ids[0]}")).ErrorAsync(HttpStatusCode.NotFound, "ORDER_NOT_FOUND");
        Assert.Empty((await (await bob.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task A_duplicate_order_created_delivery_changes_nothing()
    {
        await SetStockAsync("SKU-10024-01", 50);
        using var shopper = await ShopperAsync();
        var recorder = new RecordingHandler();
        mesh.Mesh.EventBus.Subscribe("test-recorder", recorder);
        await shopper.AddAsync("PROD-10024", "SKU-10024-01", 2);
        var order = await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync()))).ReadAsync(HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetString()!;
        await OrderCompletedAsync(orderId);
        var original = await recorder.WaitForAsync($"evt-{orderId}-created").WaitAsync(EventTimeout);

        // The customer shops again; then the broker delivers the old event once more.
        await shopper.AddAsync("PROD-10024", "SKU-10024-01", 1);
        var customers = new CustomerService.CustomerServiceClient(mesh.Channel(AppIds.Customer));
        var notifications = new NotificationService.NotificationServiceClient(mesh.Channel(AppIds.Notification));
        var analytics = new AnalyticsService.AnalyticsServiceClient(mesh.Channel(AppIds.Analytics));
        var historyBefore = await customers.GetOrderHistoryAsync(new GetOrderHistoryRequest { CustomerId = shopper.CustomerId });
        var sentBefore = (await notifications.ListNotificationsAsync(new ListNotificationsRequest { CustomerId = shopper.CustomerId })).Notifications.Count;
        var behaviorBefore = await analytics.GetCustomerBehaviorAsync(new GetCustomerBehaviorRequest { CustomerId = shopper.CustomerId });
        var stockBefore = await StockAsync("SKU-10024-01");
        // The first delivery counted the order once, at its total.
        Assert.Equal(MoneyOf(order.GetProperty("pricing").Money("total")), historyBefore.LifetimeValue.MinorUnits);
        Assert.Equal(1, behaviorBefore.OrderCount);

        await mesh.Mesh.EventBus.PublishAsync(Contracts.Events.OrderTopics.Created, original);
        await Task.WhenAll(
            new[] { AppIds.Cart, AppIds.Customer, AppIds.Notification, AppIds.Analytics, AppIds.Inventory, AppIds.Order }
                .Select(app => HandledAsync(app, orderId, occurrence: 2)));

        Assert.Single((await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray());
        var historyAfter = await customers.GetOrderHistoryAsync(new GetOrderHistoryRequest { CustomerId = shopper.CustomerId });
        Assert.Equal(historyBefore.LifetimeValue.MinorUnits, historyAfter.LifetimeValue.MinorUnits);
        Assert.Equal(historyBefore.OrderIds, historyAfter.OrderIds);
        Assert.Equal(sentBefore, (await notifications.ListNotificationsAsync(new ListNotificationsRequest { CustomerId = shopper.CustomerId })).Notifications.Count);
        Assert.Equal(behaviorBefore.OrderCount, (await analytics.GetCustomerBehaviorAsync(new GetCustomerBehaviorRequest { CustomerId = shopper.CustomerId })).OrderCount);
        Assert.Equal(stockBefore.OnHand, (await StockAsync("SKU-10024-01")).OnHand);
        Assert.Equal("PROCESSING", (await shopper.OrderAsync(orderId)).GetProperty("status").GetString());
    }

    private static long MoneyOf(decimal amount) => (long)(amount * 100);

    private sealed class RecordingHandler : Platform.Events.IEventConsumer
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<Platform.Events.CloudEvent>> _seen = new();

        public string Topic => Contracts.Events.OrderTopics.Created;

        public Task<Platform.Events.CloudEvent> WaitForAsync(string eventId) => Seen(eventId).Task;

        public Task HandleAsync(Platform.Events.CloudEvent cloudEvent, CancellationToken cancellationToken)
        {
            Seen(cloudEvent.Id).TrySetResult(cloudEvent);
            return Task.CompletedTask;
        }

        private TaskCompletionSource<Platform.Events.CloudEvent> Seen(string eventId) =>
            _seen.GetOrAdd(eventId, _ => new TaskCompletionSource<Platform.Events.CloudEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
