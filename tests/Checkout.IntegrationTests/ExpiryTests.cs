using System.Net;
using Checkout.Contracts.Inventory.V1;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Grpc.Net.Client;
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

    private static async Task<int> AvailableAsync(InventoryService.InventoryServiceClient inventory)
    {
        var request = new GetAvailabilityRequest { WarehouseId = "US-WEST-01" };
        request.Skus.Add("SKU-10030-01");
        return (await inventory.GetAvailabilityAsync(request)).Levels.Single().Available;
    }
}
