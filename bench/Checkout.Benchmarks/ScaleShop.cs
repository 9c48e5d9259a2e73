using System.Diagnostics;
using Checkout.Cart;
using Checkout.Catalog;
using Checkout.Contracts.Order.V1;
using Checkout.Customer;
using Checkout.Inventory;
using Checkout.Order;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Google.Protobuf.WellKnownTypes;

namespace Checkout.Benchmarks;

/// <summary>
/// The big shop of the scale check, written straight into the embedded default's stores (one
/// SQLite file per app in a data directory) in the layout each service reads, before a mesh
/// starts on it: 100,000 products with 2 SKUs each (200,000 SKUs, spread over the three
/// warehouses), 10,000 customers each with a saved address, a one-line cart and 10 past
/// orders (100,000 orders), and the order counter past them.
/// </summary>
public static class ScaleShop
{
    public const int Products = 100_000;
    public const int Customers = 10_000;
    public const int OrdersPerCustomer = 10;
    public const int Categories = 20;

    private const int OnHand = 1_000_000;
    private const int Batch = 5_000;
    private static readonly DateTimeOffset Past = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static string CustomerId(int customer) => $"CUST-SCALE-{customer:D5}";

    public static string ProductId(int product) => $"PROD-S{product:D6}";

    private static string Sku(int product, int variant) => $"SKU-S{product:D6}-{variant}";

    private static long PriceCents(int product) => 1_000 + (product % 9_000);

    /// <summary>Writes the shop into <paramref name="directory"/> and says how long it took and how big it is.</summary>
    public static async Task<string> BuildAsync(string directory)
    {
        var started = Stopwatch.GetTimestamp();
        var warehouses = StockSeed.Load().Warehouses;
        var catalog = Catalog();
        var asOneEntry = JsonStateExtensions.Serialize(catalog).Length / 1024.0 / 1024.0;
        await WriteAsync(directory, AppIds.Catalog, CatalogLayout.Entries(catalog).Select(e => (e.Key, JsonStateExtensions.Serialize(e.Value))));
        await WriteAsync(directory, AppIds.Inventory, Stock(warehouses));
        await WriteAsync(directory, AppIds.Customer, CustomerEntries());
        await WriteAsync(directory, AppIds.Cart, Carts(warehouses));
        await WriteAsync(directory, AppIds.Order, Orders(warehouses));
        var megabytes = Directory.GetFiles(directory, "*.db*").Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;
        return FormattableString.Invariant($"built in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, {megabytes:0} MB of SQLite files (the catalog as one entry would be {asOneEntry:0.0} MB)");
    }

    private static CatalogDocument Catalog() => new("USD", [.. Enumerable.Range(0, Products).Select(p => new CatalogProduct(
        ProductId(p), $"Scale product {p}", "A product of the big shop.", $"category-{p % Categories:D2}", "Scale", true,
        [new CatalogSku(Sku(p, 1), "Black", PriceCents(p), true), new CatalogSku(Sku(p, 2), "White", PriceCents(p), true)], []))]);

    private static string WarehouseOf(IReadOnlyList<WarehouseRecord> warehouses, int product) => warehouses[product % warehouses.Count].WarehouseId;

    private static IEnumerable<(string, byte[])> Stock(IReadOnlyList<WarehouseRecord> warehouses)
    {
        yield return (WarehouseList.Key, JsonStateExtensions.Serialize(new WarehouseList(warehouses)));
        for (var p = 0; p < Products; p++)
        {
            foreach (var variant in (int[])[1, 2])
            {
                var record = new StockRecord(Sku(p, variant), WarehouseOf(warehouses, p), OnHand, []);
                yield return (StockRecord.Key(record.WarehouseId, record.Sku), JsonStateExtensions.Serialize(record));
            }
        }
    }

    private static IEnumerable<(string, byte[])> CustomerEntries()
    {
        for (var c = 0; c < Customers; c++)
        {
            var id = CustomerId(c);
            var profile = new CustomerProfile(id, $"Customer {c}", $"{id.ToLowerInvariant()}@example.com", string.Empty,
                [new("ADDR-001", "shipping", $"{c} Market St", "San Francisco", "CA", "94105", "US", true)],
                new PreferencesRecord("standard", EmailNotifications: true, SmsNotifications: false));
            yield return (CustomerProfile.Key(id), JsonStateExtensions.Serialize(profile));
            var orderIds = Enumerable.Range(0, OrdersPerCustomer).Select(o => OrderId(c, o)).ToList();
            yield return (OrderHistory.Key(id), JsonStateExtensions.Serialize(new OrderHistory(orderIds, OrdersPerCustomer * PriceCents(c), OrdersPerCustomer)));
        }
    }

    private static IEnumerable<(string, byte[])> Carts(IReadOnlyList<WarehouseRecord> warehouses)
    {
        for (var c = 0; c < Customers; c++)
        {
            var product = (c * 7) % Products;
            var line = new CartLine("CART_ITEM-001", ProductId(product), Sku(product, 1), $"Scale product {product}", 1, PriceCents(product), WarehouseOf(warehouses, product), Past, $"category-{product % Categories:D2}");
            var cart = new CartRecord($"CART-S{c:D6}", CustomerId(c), "USD", [line], 2, Past, Past);
            yield return (CartRecord.Key(CustomerId(c)), JsonStateExtensions.Serialize(cart));
        }
    }

    private static string OrderId(int customer, int order) => $"ORD-SCALE-{customer:D5}-{order:D2}";

    private static IEnumerable<(string, byte[])> Orders(IReadOnlyList<WarehouseRecord> warehouses)
    {
        var number = 0;
        for (var c = 0; c < Customers; c++)
        {
            for (var o = 0; o < OrdersPerCustomer; o++)
            {
                yield return (OrderKeys.Order(OrderId(c, o)), ProtoStateExtensions.SerializeProto(PastOrder(c, o, ++number, warehouses)));
            }

            var newestFirst = Enumerable.Range(0, OrdersPerCustomer).Reverse().Select(o => OrderId(c, o)).ToList();
            yield return (OrderKeys.CustomerIndex(CustomerId(c)), JsonStateExtensions.Serialize(new CustomerOrders(newestFirst)));
        }

        yield return (OrderKeys.Sequence(DateTimeOffset.UtcNow.Year), JsonStateExtensions.Serialize(new OrderSequence(number)));
    }

    private static Contracts.Order.V1.Order PastOrder(int customer, int order, int number, IReadOnlyList<WarehouseRecord> warehouses)
    {
        var product = ((customer * OrdersPerCustomer) + order) % Products;
        var price = MoneyExtensions.Cents(PriceCents(product));
        var placed = Timestamp.FromDateTimeOffset(Past.AddMinutes(number));
        var past = new Contracts.Order.V1.Order
        {
            OrderId = OrderId(customer, order),
            OrderNumber = $"ORD-{Past.Year}-{number:D6}",
            CustomerId = CustomerId(customer),
            Status = OrderStatus.Processing,
            Pricing = new OrderPricing { Subtotal = price, TotalDiscounts = MoneyExtensions.Cents(0), Shipping = MoneyExtensions.Cents(0), Tax = MoneyExtensions.Cents(0), Total = price },
            ShippingAddress = new Contracts.Common.V1.Address { Street = $"{customer} Market St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
            Payment = new OrderPayment { Method = "credit_card", TransactionId = $"txn_scale_{number}", Status = "COMPLETED", Last4 = "4242" },
            Shipping = new OrderShipping { Method = "standard", WarehouseId = WarehouseOf(warehouses, product) },
            CreatedAt = placed,
            ConfirmedAt = placed,
        };
        past.Items.Add(new OrderItem { ProductId = ProductId(product), Sku = Sku(product, 1), Name = $"Scale product {product}", Quantity = 1, UnitPrice = price, TotalPrice = price, WarehouseId = WarehouseOf(warehouses, product) });
        return past;
    }

    private static async Task WriteAsync(string directory, string appId, IEnumerable<(string Key, byte[] Value)> entries)
    {
        using var store = new SqliteStateStore(Path.Combine(directory, $"{appId}.db"), TimeProvider.System);
        foreach (var chunk in entries.Chunk(Batch))
        {
            if (!await store.TryTransactAsync([.. chunk.Select(e => StateOperation.Upsert(e.Key, e.Value, ETags.Any))]))
            {
                throw new InvalidOperationException($"The {appId} store refused a batch of the big shop.");
            }
        }
    }
}
