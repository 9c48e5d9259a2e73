using System.Net;
using Checkout.Contracts.Inventory.V1;
using Checkout.Contracts.Order.V1;
using Checkout.Platform.Hosting;
using Checkout.Platform.Money;
using OrderProto = Checkout.Contracts.Order.V1.Order;

namespace Checkout.IntegrationTests;

/// <summary>
/// What each order.created consumer does on its own, with the submission's own steps out of
/// the way: an order.created the saga did not follow up (a reconciled order, a step that
/// failed after payment) must still get its effects.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class EventConsumerTests(MeshFixture mesh)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_bff_drops_its_cached_cart_when_an_order_takes_items_out()
    {
        await new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory)).SetStockAsync(new SetStockRequest { Sku = "SKU-10025-01", WarehouseId = "US-WEST-01", OnHand = 10 });
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-10025", "SKU-10025-01", 1);
        Assert.Single(await CartItemsAsync(shopper)); // now cached

        var created = Checkout.Order.OrderEvents.Created(Order(shopper.CustomerId, "PROD-10025", "SKU-10025-01", 1, reservationId: string.Empty), DateTimeOffset.UtcNow);
        await mesh.Mesh.EventBus.PublishAsync(created.Topic, created.Event);
        await Task.WhenAll(
            mesh.Mesh.EventBus.WhenHandledAsync(AppIds.Cart, created.Event.Id),
            mesh.Mesh.EventBus.WhenHandledAsync(AppIds.Bff, created.Event.Id)).WaitAsync(EventTimeout);

        Assert.Empty(await CartItemsAsync(shopper));
    }

    [Fact]
    public async Task Inventory_confirms_the_reservation_of_an_order_whose_submission_did_not()
    {
        var inventory = new InventoryService.InventoryServiceClient(mesh.Channel(AppIds.Inventory));
        await inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-10026-01", WarehouseId = "US-WEST-01", OnHand = 10 });
        var reservationId = $"ORD-EVT-{Guid.NewGuid():N}"[..20];
        await inventory.ReserveStockAsync(new ReserveStockRequest { ReservationId = reservationId, Lines = { new ReservationLine { Sku = "SKU-10026-01", WarehouseId = "US-WEST-01", Quantity = 3 } } });

        var created = Checkout.Order.OrderEvents.Created(Order("CUST-EVT", "PROD-10026", "SKU-10026-01", 3, reservationId), DateTimeOffset.UtcNow);
        await mesh.Mesh.EventBus.PublishAsync(created.Topic, created.Event);
        await mesh.Mesh.EventBus.WhenHandledAsync(AppIds.Inventory, created.Event.Id).WaitAsync(EventTimeout);

        var level = (await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { WarehouseId = "US-WEST-01", Skus = { "SKU-10026-01" } })).Levels.Single();
        Assert.Equal((7, 0), (level.OnHand, level.Reserved));
    }

    private static async Task<List<System.Text.Json.JsonElement>> CartItemsAsync(Shopper shopper) =>
        (await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray().ToList();

    private static OrderProto Order(string customerId, string productId, string sku, int quantity, string reservationId)
    {
        var orderId = $"ORD-EVT-{Guid.NewGuid():N}"[..20];
        var money = MoneyExtensions.Cents(1000 * quantity);
        return new OrderProto
        {
            OrderId = orderId,
            OrderNumber = "ORD-2026-999999",
            CustomerId = customerId,
            ReservationId = reservationId,
            Status = OrderStatus.Confirmed,
            Items = { new OrderItem { ProductId = productId, Sku = sku, Name = "Item", Quantity = quantity, UnitPrice = MoneyExtensions.Cents(1000), TotalPrice = money, WarehouseId = "US-WEST-01" } },
            Pricing = new OrderPricing { Subtotal = money, TotalDiscounts = MoneyExtensions.Cents(0), Shipping = MoneyExtensions.Cents(0), Tax = MoneyExtensions.Cents(0), Total = money },
            Payment = new OrderPayment { Method = "credit_card", TransactionId = "txn_test", Status = "COMPLETED" },
            Shipping = new OrderShipping { Method = "standard", WarehouseId = "US-WEST-01" },
            ShippingAddress = new Contracts.Common.V1.Address { Street = "1 Main St", City = "San Francisco", State = "CA", ZipCode = "94105", Country = "US" },
        };
    }
}
