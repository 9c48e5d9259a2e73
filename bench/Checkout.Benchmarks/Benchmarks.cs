using System.Globalization;
using System.Text.Json;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Customer.V1;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;
using Checkout.Platform.State;

namespace Checkout.Benchmarks;

public static class Benchmarks
{
    private const int Iterations = 200;

    /// <summary>Every downstream of initiate delayed by the same latency: initiate should cost one delay per sequential step.</summary>
    public static async Task FanOutAsync(int latencyMs)
    {
        var slow = new Dictionary<string, string?> { [LatencyInjectionInterceptor.ConfigurationKey] = latencyMs.ToString(CultureInfo.InvariantCulture) };
        var perApp = AppIds.DefaultPorts.Keys.Where(id => id != AppIds.Bff).ToDictionary(id => id, _ => (IReadOnlyDictionary<string, string?>)slow);
        perApp[AppIds.Bff] = new Dictionary<string, string?> { ["Bff:OptionalCallDeadline"] = "00:00:05" };
        await using var mesh = await BenchMesh.StartAsync(perApp);
        using var client = await mesh.CustomerAsync("BENCH-FANOUT");
        (await client.PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode();

        var stats = await Stats.MeasureAsync(50, async _ => (await client.PostAsync("/api/v1/checkout/initiate", JsonContent.Create(new { }))).EnsureSuccessStatusCode(), warmup: 5);

        // Sequential steps: read the cart; validate items (Catalog, which asks Inventory) while customer,
        // saved cards, promotions and loyalty answer in parallel; create the session (Checkout, which
        // asks Catalog for the lines' prices). Nine calls in all.
        const int sequentialSteps = 5;
        const int allCalls = 9;
        Print("fan-out", $"initiate with {latencyMs} ms on every service: {stats}");
        Print("fan-out", string.Create(CultureInfo.InvariantCulture, $"ideal {sequentialSteps} x {latencyMs} = {sequentialSteps * latencyMs} ms; all {allCalls} calls in a row would be {allCalls * latencyMs} ms; measured p50 / ideal = {stats.P50Ms / (sequentialSteps * latencyMs):0.00}"));
    }

    /// <summary>Each BFF endpoint against the sum of its unavoidable sequential gRPC hops, each measured alone.</summary>
    public static async Task OverheadAsync()
    {
        await using var mesh = await StartWarmAsync("overhead");
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));
        var carts = new CartService.CartServiceClient(mesh.Channel(AppIds.Cart));
        var customers = new CustomerService.CustomerServiceClient(mesh.Channel(AppIds.Customer));
        var promotions = new PromotionService.PromotionServiceClient(mesh.Channel(AppIds.Promotion));
        var loyalty = new LoyaltyService.LoyaltyServiceClient(mesh.Channel(AppIds.Loyalty));
        var cards = new Contracts.Payment.V1.PaymentService.PaymentServiceClient(mesh.Channel(AppIds.Payment));
        var checkout = new Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient(mesh.Channel(AppIds.Checkout));
        await new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory)).SetStockAsync(new SetStockRequest { Sku = "SKU-ABC-001", WarehouseId = "US-WEST-01", OnHand = 1_000_000 });

        // Add to cart: Catalog.GetProduct, then Cart.AddItem (which checks the merged line against stock), on a new customer each time.
        var tokens = new List<HttpClient>();
        for (var i = 0; i < Iterations + 20; i++)
        {
            tokens.Add(await mesh.CustomerAsync($"BENCH-ADD-{i}"));
        }

        var add = await Stats.MeasureAsync(Iterations, async i => (await tokens[i < 0 ? -i - 1 : i + 20].PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode());
        var getProduct = await Stats.MeasureAsync(Iterations, async _ => await catalog.GetProductAsync(new Contracts.Catalog.V1.GetProductRequest { ProductId = "PROD-12345" }));
        var addItem = await Stats.MeasureAsync(Iterations, async i => await carts.AddItemAsync(CartCalls.HeadphonesLine($"BENCH-HOP2-{i}", 1)));
        var addIdeal = getProduct.P50Ms + addItem.P50Ms;
        Print("overhead", $"POST /cart/items        {add}");
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  hops alone: GetProduct p50 {getProduct.P50Ms:0.000}, then AddItem p50 {addItem.P50Ms:0.000} = {addIdeal:0.000} ms; ratio {add.P50Ms / addIdeal:0.00}"));

        // Product page: Catalog.GetProduct (which asks Inventory) and nothing else.
        var productPage = await Stats.MeasureAsync(Iterations, async _ => (await mesh.Http.GetAsync("/api/v1/products/PROD-12345")).EnsureSuccessStatusCode());
        Print("overhead", $"GET /products/{{id}}     {productPage}");
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  hops alone: GetProduct {getProduct.P50Ms:0.000} ms; ratio {productPage.P50Ms / getProduct.P50Ms:0.00}"));

        // Change and remove a line: Cart.GetCart (to find the line) then Cart.UpdateItemQuantity; Cart.RemoveItem alone.
        using var editor = await mesh.CustomerAsync("BENCH-EDIT");
        (await editor.PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 2, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode();
        var update = await Stats.MeasureAsync(Iterations, async i => (await editor.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 1 + (i & 1) })).EnsureSuccessStatusCode());
        var editCart = await Stats.MeasureAsync(Iterations, async _ => await carts.GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = "BENCH-EDIT" }));
        var editLine = await Stats.MeasureAsync(Iterations, async i => await carts.UpdateItemQuantityAsync(new UpdateItemQuantityRequest { CustomerId = "BENCH-EDIT", ItemId = "CART_ITEM-001", Quantity = 1 + (i & 1) }));
        Print("overhead", $"PUT /cart/items/{{id}}    {update}");
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  hops alone: GetCart {editCart.P50Ms:0.000}, then UpdateItemQuantity {editLine.P50Ms:0.000} = {editCart.P50Ms + editLine.P50Ms:0.000} ms; ratio {update.P50Ms / (editCart.P50Ms + editLine.P50Ms):0.00}"));

        // View with the cache missing: Cart.GetCart, then Catalog.GetPrices for every line in one call.
        var pricesQuery = new GetPricesRequest();
        pricesQuery.Items.Add(new PriceQuery { ProductId = "PROD-12345", Sku = "SKU-ABC-001" });
        var viewMiss = await Stats.MeasureAsync(Iterations, async i =>
        {
            await carts.UpdateItemQuantityAsync(new UpdateItemQuantityRequest { CustomerId = "BENCH-EDIT", ItemId = "CART_ITEM-001", Quantity = 1 + (i & 1) });
            (await editor.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 1 + (i & 1) })).EnsureSuccessStatusCode();
        });
        var viewMissWithGet = await Stats.MeasureAsync(Iterations, async i =>
        {
            await carts.UpdateItemQuantityAsync(new UpdateItemQuantityRequest { CustomerId = "BENCH-EDIT", ItemId = "CART_ITEM-001", Quantity = 1 + (i & 1) });
            (await editor.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 1 + (i & 1) })).EnsureSuccessStatusCode();
            (await editor.GetAsync("/api/v1/cart")).EnsureSuccessStatusCode();
        });
        var getPrices = await Stats.MeasureAsync(Iterations, async _ => await catalog.GetPricesAsync(pricesQuery));
        var missOnly = viewMissWithGet.P50Ms - viewMiss.P50Ms;
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"GET /cart (cache miss)   p50 {missOnly:0.000} ms (a PUT that invalidates, then the GET, less the PUT alone)"));
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  hops alone: GetCart {editCart.P50Ms:0.000}, then GetPrices {getPrices.P50Ms:0.000} = {editCart.P50Ms + getPrices.P50Ms:0.000} ms; ratio {missOnly / (editCart.P50Ms + getPrices.P50Ms):0.00}"));

        // Remove: Cart.RemoveItem alone. A line is added (untimed) before each removal.
        async Task<double> RemovalP50Async(Func<string, Task> remove)
        {
            var samples = new List<double>();
            for (var i = 0; i < Iterations; i++)
            {
                var added = (await carts.AddItemAsync(new AddItemRequest { CustomerId = "BENCH-EDIT", ProductId = "PROD-12345", Sku = "SKU-ABC-002", Name = "x", WarehouseId = "US-WEST-01", Quantity = 1, UnitPrice = MoneyExtensions.Cents(24999) })).Cart;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await remove(added.Items.Last().ItemId);
                samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            samples.Sort();
            return samples[samples.Count / 2];
        }

        var removeBff = await RemovalP50Async(async itemId => (await editor.DeleteAsync($"/api/v1/cart/items/{itemId}")).EnsureSuccessStatusCode());
        var removeAlone = await RemovalP50Async(async itemId => await carts.RemoveItemAsync(new RemoveItemRequest { CustomerId = "BENCH-EDIT", ItemId = itemId }));
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"DELETE /cart/items/{{id}} p50 {removeBff:0.000} ms (n={Iterations})"));
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  hops alone: RemoveItem {removeAlone:0.000} ms; ratio {removeBff / removeAlone:0.00}"));

        // Initiate: Cart.GetCart, then (ValidateItems | GetCheckoutContext | ListPaymentMethods | GetApplicablePromotions | GetCheckoutBenefits), then CreateSession.
        using var buyer = await mesh.CustomerAsync("BENCH-INIT");
        (await buyer.PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode();
        var initiate = await Stats.MeasureAsync(Iterations, async _ => (await buyer.PostAsync("/api/v1/checkout/initiate", JsonContent.Create(new { }))).EnsureSuccessStatusCode());
        var cart = (await carts.GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = "BENCH-INIT" })).Cart;
        var validate = new ValidateItemsRequest();
        validate.Items.AddRange(cart.Items.Select(i => new ItemToValidate { ProductId = i.ProductId, Sku = i.Sku, WarehouseId = i.WarehouseId, Quantity = i.Quantity }));
        var promotionQuery = new GetApplicablePromotionsRequest { CustomerId = "BENCH-INIT" };
        promotionQuery.Lines.AddRange(cart.Items.Select(i => new PromotionLine { ProductId = i.ProductId, Sku = i.Sku, Category = i.Category, Quantity = i.Quantity, UnitPrice = i.UnitPrice }));
        var session = new CreateSessionRequest { CustomerId = "BENCH-INIT" };
        session.Items.Add(new SessionItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "x", Quantity = 1, UnitPrice = MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01" });
        var hop1 = await Stats.MeasureAsync(Iterations, async _ => await carts.GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = "BENCH-INIT" }));
        var hopValidate = await Stats.MeasureAsync(Iterations, async _ => await catalog.ValidateItemsAsync(validate));
        var hopContext = await Stats.MeasureAsync(Iterations, async _ => await customers.GetCheckoutContextAsync(new GetCheckoutContextRequest { CustomerId = "BENCH-INIT" }));
        var hopPromotions = await Stats.MeasureAsync(Iterations, async _ => await promotions.GetApplicablePromotionsAsync(promotionQuery));
        var hopCards = await Stats.MeasureAsync(Iterations, async _ => await cards.ListPaymentMethodsAsync(new Contracts.Payment.V1.ListPaymentMethodsRequest { CustomerId = "BENCH-INIT" }));
        var hopLoyalty = await Stats.MeasureAsync(Iterations, async _ => await loyalty.GetCheckoutBenefitsAsync(new GetCheckoutBenefitsRequest { CustomerId = "BENCH-INIT" }));
        var hopSession = await Stats.MeasureAsync(Iterations, async _ => await checkout.CreateSessionAsync(session));
        var initiateIdeal = hop1.P50Ms + new[] { hopValidate.P50Ms, hopContext.P50Ms, hopCards.P50Ms, hopPromotions.P50Ms, hopLoyalty.P50Ms }.Max() + hopSession.P50Ms;
        Print("overhead", $"POST /checkout/initiate {initiate}");
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  hops alone: GetCart {hop1.P50Ms:0.000}, then max(Validate {hopValidate.P50Ms:0.000}, Context {hopContext.P50Ms:0.000}, Cards {hopCards.P50Ms:0.000}, Promotions {hopPromotions.P50Ms:0.000}, Loyalty {hopLoyalty.P50Ms:0.000}), then CreateSession {hopSession.P50Ms:0.000} = {initiateIdeal:0.000} ms; ratio {initiate.P50Ms / initiateIdeal:0.00}"));
        foreach (var t in tokens)
        {
            t.Dispose();
        }

        await SubmitOverheadAsync(mesh);
    }

    /// <summary>Submit through the BFF, one caller, against the sum of its hops each called alone.</summary>
    private static async Task SubmitOverheadAsync(BenchMesh mesh)
    {
        const int runs = 100;
        var bff = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            using var client = await mesh.CustomerAsync($"BENCH-SUBMIT-{i}");
            (await client.PostAsJsonAsync("/api/v1/cart/items", new { productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 1, warehouseId = "US-WEST-01" })).EnsureSuccessStatusCode();
            var initiated = await (await client.PostAsync("/api/v1/checkout/initiate", JsonContent.Create(new { }))).Content.ReadFromJsonAsync<JsonElement>();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            (await client.PostAsJsonAsync("/api/v1/checkout/submit", new
            {
                checkoutSessionId = initiated.GetProperty("checkoutSessionId").GetString(),
                shippingAddress = new { street = "1 Bench St", city = "San Francisco", state = "CA", zipCode = "94105", country = "US" },
                paymentMethod = new { id = "PM-TEST-VISA", type = "credit_card" },
                shippingMethod = "standard",
            })).EnsureSuccessStatusCode();
            bff.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var (hops, sum) = await SubmitHopsAloneAsync(mesh, runs);
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"POST /checkout/submit   p50 {Stats.From(bff).P50Ms:0.000} ms (n={runs})"));
        Print("overhead", "  hops alone (p50 ms): " + string.Join(", ", hops.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key} {h.Value:0.000}"))));
        Print("overhead", string.Create(CultureInfo.InvariantCulture, $"  sequential sum with the parallel groups counted once = {sum:0.000} ms; ratio {Stats.From(bff).P50Ms / sum:0.00}"));
    }

    /// <summary>
    /// Submit's hops, each called alone by one caller: (ReserveStock | CalculateTotals |
    /// ValidatePaymentMethod), CreateOrder, ProcessPayment, SettleOrder, ConfirmOrder, then
    /// (ConfirmReservation | CreateShipment). Locking the session and recording the submission
    /// are Checkout's own writes, not hops. Each iteration needs a fresh session, made untimed.
    /// Returns each hop's p50 and their sum along the sequence, a parallel group counted once.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, double> Hops, double Sum)> SubmitHopsAloneAsync(BenchMesh mesh, int runs)
    {
        var checkout = new Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient(mesh.Channel(AppIds.Checkout));
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        var payments = new Contracts.Payment.V1.PaymentService.PaymentServiceClient(mesh.Channel(AppIds.Payment));
        var orders = new Contracts.Order.V1.OrderService.OrderServiceClient(mesh.Channel(AppIds.Order));
        var loyalty = new LoyaltyService.LoyaltyServiceClient(mesh.Channel(AppIds.Loyalty));
        var shipping = new Contracts.Shipping.V1.ShippingService.ShippingServiceClient(mesh.Channel(AppIds.Shipping));
        var address = new Contracts.Common.V1.Address { Street = "1 Bench St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" };

        async Task<string> NewSessionAsync(string customer)
        {
            var request = new CreateSessionRequest { CustomerId = customer };
            request.Items.Add(new SessionItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "Premium Wireless Headphones", Quantity = 1, UnitPrice = MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01", Category = "audio" });
            return (await checkout.CreateSessionAsync(request)).Session.SessionId;
        }

        var hops = new Dictionary<string, List<double>>();
        void Hop(string name, double ms) => (hops.TryGetValue(name, out var list) ? list : hops[name] = []).Add(ms);
        async Task<T> TimeAsync<T>(string name, Func<Task<T>> call)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await call();
            Hop(name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }

        for (var i = 0; i < runs; i++)
        {
            var customer = $"BENCH-HOPS-{Guid.NewGuid():N}"[..24];
            var sessionId = await NewSessionAsync(customer);
            var orderId = $"ORD-BENCH-{i}-{Guid.NewGuid():N}"[..28];
            var reserve = new ReserveStockRequest { ReservationId = orderId };
            reserve.Lines.Add(new ReservationLine { Sku = "SKU-ABC-001", WarehouseId = "US-WEST-01", Quantity = 1 });
            await TimeAsync("ReserveStock", () => inventory.ReserveStockAsync(reserve).ResponseAsync);
            var totals = (await TimeAsync("CalculateTotals", () => checkout.CalculateTotalsAsync(new CalculateTotalsRequest { SessionId = sessionId, CustomerId = customer, ShippingAddress = address, ShippingMethod = "standard" }).ResponseAsync)).Totals;
            await TimeAsync("ValidatePaymentMethod", () => payments.ValidatePaymentMethodAsync(new Contracts.Payment.V1.ValidatePaymentMethodRequest { CustomerId = customer, PaymentMethodId = "PM-TEST-VISA" }).ResponseAsync);
            var order = new Contracts.Order.V1.Order { OrderId = orderId, CustomerId = customer, ReservationId = orderId, ShippingAddress = address, Pricing = new Contracts.Order.V1.OrderPricing { Subtotal = totals.Subtotal, TotalDiscounts = totals.TotalDiscounts, Shipping = totals.Shipping, Tax = totals.Tax, Total = totals.Total }, Shipping = new Contracts.Order.V1.OrderShipping { Method = "standard", WarehouseId = "US-WEST-01", Cost = totals.Shipping } };
            order.Items.Add(new Contracts.Order.V1.OrderItem { ProductId = "PROD-12345", Sku = "SKU-ABC-001", Name = "x", Quantity = 1, UnitPrice = MoneyExtensions.Cents(24999), TotalPrice = MoneyExtensions.Cents(24999), WarehouseId = "US-WEST-01" });
            await TimeAsync("CreateOrder", () => orders.CreateOrderAsync(new Contracts.Order.V1.CreateOrderRequest { Order = order }).ResponseAsync);
            var payment = (await TimeAsync("ProcessPayment", () => payments.ProcessPaymentAsync(new Contracts.Payment.V1.ProcessPaymentRequest { OrderId = orderId, CustomerId = customer, PaymentMethodId = "PM-TEST-VISA", Amount = totals.Total }).ResponseAsync)).Payment;
            await TimeAsync("SettleOrder", () => loyalty.SettleOrderAsync(new SettleOrderRequest { OrderId = orderId, CustomerId = customer, OrderTotal = totals.Total }).ResponseAsync);
            await TimeAsync("ConfirmOrder", () => orders.ConfirmOrderAsync(new Contracts.Order.V1.ConfirmOrderRequest { OrderId = orderId, Payment = new Contracts.Order.V1.OrderPayment { TransactionId = payment.TransactionId, Method = "credit_card", Status = "COMPLETED", Last4 = payment.Last4 } }).ResponseAsync);
            await TimeAsync("ConfirmReservation", () => inventory.ConfirmReservationAsync(new ConfirmReservationRequest { ReservationId = orderId }).ResponseAsync);
            await TimeAsync("CreateShipment", () => shipping.CreateShipmentAsync(new Contracts.Shipping.V1.CreateShipmentRequest { OrderId = orderId, Method = "standard", WarehouseId = "US-WEST-01", Destination = address }).ResponseAsync);
        }

        var p = hops.ToDictionary(h => h.Key, h => Stats.From(h.Value).P50Ms);
        var sum = new[] { p["ReserveStock"], p["CalculateTotals"], p["ValidatePaymentMethod"] }.Max()
            + p["CreateOrder"] + p["ProcessPayment"] + p["SettleOrder"] + p["ConfirmOrder"]
            + new[] { p["ConfirmReservation"], p["CreateShipment"] }.Max();
        return (p, sum);
    }

    /// <summary>The embedded state store's cost per write and per read, for a cart-sized value.</summary>
    public static async Task StateStoreAsync()
    {
        var directory = Directory.CreateTempSubdirectory("checkout-bench-state-").FullName;
        try
        {
            using var sqlite = new SqliteStateStore(Path.Combine(directory, "bench.db"), TimeProvider.System);
            var value = JsonSerializer.SerializeToUtf8Bytes(new { items = Enumerable.Range(0, 3).Select(i => new { id = $"CART_ITEM-{i:D3}", productId = "PROD-12345", sku = "SKU-ABC-001", quantity = 2, unitPriceCents = 24999 }) });
            var write = await Stats.MeasureAsync(2000, async i =>
            {
                var key = i < 0 ? "warm" : "cart:BENCH";
                await sqlite.TrySaveAsync(key, value, i == 0 ? ETags.MustNotExist : ETags.Any);
            });
            var writeWithETag = await Stats.MeasureAsync(2000, async _ =>
            {
                var current = await sqlite.GetAsync("cart:BENCH");
                await sqlite.TrySaveAsync("cart:BENCH", value, current!.ETag);
            });
            var read = await Stats.MeasureAsync(2000, async _ => await sqlite.GetAsync("cart:BENCH"));
            Print("state", $"SQLite write ({value.Length} bytes)        {write}");
            Print("state", $"SQLite read                       {read}");
            Print("state", $"SQLite read + write under ETag    {writeWithETag}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>How the cart endpoints grow with the number of lines in the cart.</summary>
    public static async Task CartSizeAsync()
    {
        await using var mesh = await StartWarmAsync("cart size");
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        var catalog = new CatalogService.CatalogServiceClient(mesh.Channel(AppIds.Catalog));
        var carts = new CartService.CartServiceClient(mesh.Channel(AppIds.Cart));
        var products = (await catalog.ListProductsAsync(new Contracts.Catalog.V1.ListProductsRequest { PageSize = 100 })).Products.Where(p => p.Active).ToList();
        var lines = products.SelectMany(p => p.Skus.Select(s => (Product: p, Sku: s)))
            .SelectMany(x => new[] { "US-WEST-01", "US-EAST-01" }.Select(w => (x.Product, x.Sku, Warehouse: w)))
            .Take(100)
            .ToList();
        foreach (var (_, sku, warehouse) in lines)
        {
            await inventory.SetStockAsync(new SetStockRequest { Sku = sku.Sku, WarehouseId = warehouse, OnHand = 100_000 });
        }

        foreach (var size in new[] { 1, 10, 100 })
        {
            var customer = $"BENCH-SIZE-{size}";
            foreach (var (product, sku, warehouse) in lines.Take(size))
            {
                await carts.AddItemAsync(new AddItemRequest { CustomerId = customer, ProductId = product.ProductId, Sku = sku.Sku, Name = product.Name, WarehouseId = warehouse, Quantity = 1, UnitPrice = sku.Price, Category = product.Category });
            }

            using var client = await mesh.CustomerAsync(customer);
            var first = lines[0];
            var itemCycle = 0;
            var add = await Stats.MeasureAsync(Iterations, async _ =>
            {
                // Alternate +1 and a reset so the line stays under its maximum and the cart keeps its size.
                if (++itemCycle % 50 == 0)
                {
                    (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 1 })).EnsureSuccessStatusCode();
                }

                (await client.PostAsJsonAsync("/api/v1/cart/items", new { productId = first.Product.ProductId, sku = first.Sku.Sku, quantity = 1, warehouseId = first.Warehouse })).EnsureSuccessStatusCode();
            });
            var viewMiss = await Stats.MeasureAsync(Iterations / 2, async _ =>
            {
                // Removing and adding a line invalidates the cache, so each view below is a miss with a price refresh.
                await carts.UpdateItemQuantityAsync(new UpdateItemQuantityRequest { CustomerId = customer, ItemId = "CART_ITEM-001", Quantity = 1 });
                (await client.PutAsJsonAsync("/api/v1/cart/items/CART_ITEM-001", new { quantity = 1 })).EnsureSuccessStatusCode();
                (await client.GetAsync("/api/v1/cart")).EnsureSuccessStatusCode();
            });
            var viewHit = await Stats.MeasureAsync(Iterations, async _ => (await client.GetAsync("/api/v1/cart")).EnsureSuccessStatusCode());
            Print("cart size", $"{size,3} lines: POST /cart/items {add}");
            Print("cart size", $"{size,3} lines: GET /cart (cached) {viewHit}");
            Print("cart size", $"{size,3} lines: PUT + GET /cart (cache miss, prices refreshed) {viewMiss}");
        }
    }

    /// <summary>
    /// Cart's AddItem then GetCart per caller (as Online Boutique's cartservice is measured)
    /// against the echo floor (in a process of its own), at 8 and 32 callers, the two taken in
    /// alternation in the same run so the machine's noise hits both. Cart runs on the embedded
    /// default's durable store.
    /// </summary>
    public static async Task CartFloorAsync(TimeSpan phase, int rounds)
    {
        await using var mesh = await BenchMesh.StartAsync();
        var carts = new CartService.CartServiceClient(mesh.Channel(AppIds.Cart));
        async Task<int> AddThenGetAsync(string customer, int i)
        {
            await carts.AddItemAsync(CartCalls.HeadphonesLine(customer, 1 + ((i & int.MaxValue) % 3)));
            await carts.GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = customer });
            return 2;
        }

        var summary = new List<string>();
        var costs = new List<string>();
        foreach (var callers in new[] { 8, 32 })
        {
            // The cart warmed up at this many callers (JIT, tiering, connections) before anything is counted; the floor warms itself up.
            var step = 0;
            var warmUp = await Load.WarmUpAsync(
                d =>
                {
                    // Each step on carts of its own: a step's iterations count from 0 again.
                    var thisStep = step++;
                    return Load.MeasureAsync(callers, d, (caller, i) => AddThenGetAsync($"BENCH-CART-WARM-{callers}-{thisStep}-{caller}-{i / 40}", i));
                },
                TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(30));
            Print("cart", $"{callers,2} callers, {warmUp}");
            var ratios = new List<double>();
            var costRatios = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var floor = await FloorProcess.MeasureAsync("echo", callers, phase);
                // A new cart every 40 iterations keeps each one small, as a shopper's is.
                var cart = await Load.MeasureAsync(callers, phase, (caller, i) => AddThenGetAsync($"BENCH-CART-{callers}-{round}-{caller}-{i / 40}", i));
                ratios.Add(cart.PerSecond / floor.PerSecond);
                costRatios.Add(floor.CpuMicrosecondsPerCall / cart.CpuMicrosecondsPerCall);
                Print("cart", string.Create(CultureInfo.InvariantCulture, $"{callers,2} callers, round {round + 1}: echo floor {floor.PerSecond,8:0} calls/s, cart AddItem+GetCart {cart.PerSecond,8:0} calls/s, ratio {cart.PerSecond / floor.PerSecond:0.00}; CPU per call {floor.CpuMicrosecondsPerCall:0} µs and {cart.CpuMicrosecondsPerCall:0} µs, ratio {floor.CpuMicrosecondsPerCall / cart.CpuMicrosecondsPerCall:0.00}; allocated per call {floor.AllocatedBytesPerCall / 1024:0.0} KB and {cart.AllocatedBytesPerCall / 1024:0.0} KB"));
            }

            summary.Add(string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):0.00} at {callers}"));
            costs.Add(string.Create(CultureInfo.InvariantCulture, $"{Median(costRatios):0.00} at {callers}"));
        }

        // The second line is the steadier companion of the first: the echo's CPU time per call over the cart's.
        Console.WriteLine($"cart CPU per call, echo floor's over cart's: {string.Join(", ", costs)}");
        Console.WriteLine($"cart over echo floor: {string.Join(", ", summary)}");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// A mesh warmed up as the floor command's is, by shoppers until the JIT has settled: a few
    /// hundred calls of one kind leave most of the code at its first, unoptimized tier, and the
    /// figures would be the JIT's.
    /// </summary>
    private static async Task<BenchMesh> StartWarmAsync(string benchmark)
    {
        var mesh = await BenchMesh.StartAsync();
        using var shoppers = FloorBenchmark.ShoppersClient(mesh);
        Print(benchmark, $"mesh {await FloorBenchmark.WarmUpAsync(mesh, shoppers)}");
        return mesh;
    }

    private static void Print(string benchmark, string line) => Console.WriteLine($"[{benchmark}] {line}");
}
