using System.Net;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Grpc.Core;

namespace Checkout.IntegrationTests;

/// <summary>
/// Limits under racing submissions, over real HTTP: a promotion's total and per-customer
/// limits, loyalty points, and one order per cart as initiated. Each race releases every
/// request at once from a barrier.
/// </summary>
public sealed class LimitRaceTests : OwnMesh
{
    private const int Racers = 16;

    protected override MeshOptions Configure(MeshOptions options) => options;

    [Fact]
    public async Task Sixteen_customers_racing_for_a_code_limited_to_three_orders_get_three()
    {
        var shoppers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => ShopperAsync()));
        var bodies = new List<object>();
        foreach (var shopper in shoppers)
        {
            await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
            bodies.Add(Shopper.Body(await shopper.InitiateSessionAsync(), promotionCodes: ["FLASH50"]));
        }

        var responses = await Race.AllAtOnceAsync(shoppers.Select((s, i) => (Func<Task<HttpResponseMessage>>)(() => s.SubmitAsync(bodies[i]))));

        var paid = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(3, paid.Count);
        foreach (var order in paid)
        {
            var discount = (await order.ReadAsync(HttpStatusCode.Created)).GetProperty("pricing").GetProperty("discounts")[0];
            Assert.Equal(("promotion", "FLASH50", 100.00m), (discount.GetProperty("type").GetString(), discount.GetProperty("code").GetString(), discount.GetProperty("amount").GetDecimal()));
        }

        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Contains("FLASH50 has been used up", await refused.ErrorAsync(HttpStatusCode.BadRequest, "PROMOTION_NOT_APPLICABLE"), StringComparison.Ordinal);
        }

        // A seventeenth, alone, hears the same; the refused held nothing.
        using var late = await ShopperAsync();
        await late.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        await (await late.SubmitAsync(Shopper.Body(await late.InitiateSessionAsync(), promotionCodes: ["FLASH50"]))).ErrorAsync(HttpStatusCode.BadRequest, "PROMOTION_NOT_APPLICABLE");
        var stock = await StockAsync("SKU-ABC-001");
        Assert.Equal(3, stock.Reserved + (150 - stock.OnHand));
        Dispose(shoppers);
    }

    [Fact]
    public async Task One_customer_submitting_sixteen_checkouts_of_one_cart_at_once_gets_one_order_and_one_use_of_a_once_per_customer_code()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var sessions = new List<string>();
        for (var i = 0; i < Racers; i++)
        {
            sessions.Add(await shopper.InitiateSessionAsync());
        }

        var responses = await Race.AllAtOnceAsync(sessions.Select(s => (Func<Task<HttpResponseMessage>>)(() => shopper.SubmitAsync(Shopper.Body(s, promotionCodes: ["WELCOME10"])))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var body = await refused.ReadAsync(refused.StatusCode);
            Assert.Contains(body.GetProperty("reason").GetString(), new[] { "CHECKOUT_IN_PROGRESS", "CHECKOUT_SUPERSEDED" });
        }

        // Once the order is placed, the other checkouts of that cart are superseded for good.
        foreach (var session in sessions)
        {
            var again = await shopper.SubmitAsync(Shopper.Body(session, promotionCodes: ["WELCOME10"]));
            Assert.NotEqual(HttpStatusCode.Created, again.StatusCode);
        }

        Assert.Single((await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task Sixteen_checkouts_spending_every_point_at_once_spend_them_once()
    {
        using var shopper = await ShopperAsync("CUST-12345");
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 2);
        var sessions = new List<string>();
        for (var i = 0; i < Racers; i++)
        {
            sessions.Add(await shopper.InitiateSessionAsync());
        }

        var responses = await Race.AllAtOnceAsync(sessions.Select(s => (Func<Task<HttpResponseMessage>>)(() => shopper.SubmitAsync(Shopper.Body(s, "PM-001", loyaltyPointsToUse: 1250)))));

        var order = await Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created).ReadAsync(HttpStatusCode.Created);
        var loyalty = order.GetProperty("loyalty");
        Assert.Equal(1250, loyalty.GetProperty("pointsUsed").GetInt32());
        Assert.Equal(loyalty.GetProperty("pointsEarned").GetInt32(), loyalty.GetProperty("newBalance").GetInt32());
        var benefits = await new LoyaltyService.LoyaltyServiceClient(Channel(AppIds.Loyalty)).GetCheckoutBenefitsAsync(new GetCheckoutBenefitsRequest { CustomerId = "CUST-12345" });
        Assert.Equal(loyalty.GetProperty("newBalance").GetInt32(), benefits.AvailablePoints);
    }

    [Fact]
    public async Task Sixteen_orders_holding_uses_of_a_three_use_code_over_grpc_get_three_holds()
    {
        var promotions = new PromotionService.PromotionServiceClient(Channel(AppIds.Promotion));
        var results = await Race.AllAtOnceAsync(Enumerable.Range(0, Racers).Select(i => (Func<Task<StatusCode>>)(async () =>
        {
            try
            {
                await promotions.HoldUsageAsync(new HoldUsageRequest { OrderId = $"ORD-H{i}", CustomerId = $"CUST-H{i}", Codes = { "FLASH50" } });
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        })));

        Assert.Equal(3, results.Count(r => r == StatusCode.OK));
        Assert.Equal(Racers - 3, results.Count(r => r == StatusCode.FailedPrecondition));

        // A released hold is a use free again, once.
        var winner = Enumerable.Range(0, Racers).First(i => results[i] == StatusCode.OK);
        await promotions.ReleaseUsageAsync(new ReleaseUsageRequest { OrderId = $"ORD-H{winner}" });
        await promotions.ReleaseUsageAsync(new ReleaseUsageRequest { OrderId = $"ORD-H{winner}" });
        await promotions.HoldUsageAsync(new HoldUsageRequest { OrderId = "ORD-NEXT", CustomerId = "CUST-NEXT", Codes = { "FLASH50" } });
        await Assert.ThrowsAsync<RpcException>(() => promotions.HoldUsageAsync(new HoldUsageRequest { OrderId = "ORD-LAST", CustomerId = "CUST-LAST", Codes = { "FLASH50" } }).ResponseAsync);
    }

    [Fact]
    public async Task Sixteen_orders_setting_aside_points_over_grpc_never_set_aside_more_than_the_balance()
    {
        var loyalty = new LoyaltyService.LoyaltyServiceClient(Channel(AppIds.Loyalty));
        var results = await Race.AllAtOnceAsync(Enumerable.Range(0, Racers).Select(i => (Func<Task<bool>>)(async () =>
        {
            try
            {
                await loyalty.HoldPointsAsync(new HoldPointsRequest { OrderId = $"ORD-P{i}", CustomerId = "CUST-12345", Points = 100 });
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return false;
            }
        })));

        Assert.Equal(12, results.Count(held => held));
        Assert.Equal(50, (await loyalty.GetCheckoutBenefitsAsync(new GetCheckoutBenefitsRequest { CustomerId = "CUST-12345" })).AvailablePoints);
    }

    [Fact]
    public async Task A_failed_payment_gives_the_code_use_and_the_points_back()
    {
        using var shopper = await ShopperAsync("CUST-12345");
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var session = await shopper.InitiateSessionAsync();
        await (await shopper.SubmitAsync(Shopper.Body(session, "PM-TEST-DECLINED", promotionCodes: ["FLASH50"], loyaltyPointsToUse: 1250))).ErrorAsync(HttpStatusCode.BadRequest, "PAYMENT_DECLINED");

        var loyalty = new LoyaltyService.LoyaltyServiceClient(Channel(AppIds.Loyalty));
        Assert.Equal(1250, (await loyalty.GetCheckoutBenefitsAsync(new GetCheckoutBenefitsRequest { CustomerId = "CUST-12345" })).AvailablePoints);
        var promotions = new PromotionService.PromotionServiceClient(Channel(AppIds.Promotion));
        for (var i = 0; i < 3; i++)
        {
            await promotions.HoldUsageAsync(new HoldUsageRequest { OrderId = $"ORD-AFTER{i}", CustomerId = $"CUST-AFTER{i}", Codes = { "FLASH50" } });
        }
    }

    [Fact]
    public async Task The_order_takes_out_of_the_cart_only_what_it_bought()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var session = await shopper.InitiateSessionAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 2);
        await shopper.AddAsync("PROD-10001", "SKU-10001-01", 1);
        var orderId = (await (await shopper.SubmitAsync(Shopper.Body(session))).ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!;

        // The submission takes the bought unit out before it answers; order.created does not take more.
        await Mesh.EventBus.WhenHandledAsync(AppIds.Cart, $"evt-{orderId}-created").WaitAsync(TimeSpan.FromSeconds(30));
        var items = (await (await shopper.Client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart").GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("sku").GetString(), i.GetProperty("quantity").GetInt32()))
            .Order()
            .ToList();
        Assert.Equal([("SKU-10001-01", 1), ("SKU-ABC-001", 2)], items);
    }

    [Fact]
    public async Task A_checkout_begun_before_the_last_order_is_superseded()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var first = await shopper.InitiateSessionAsync();
        var second = await shopper.InitiateSessionAsync();
        await (await shopper.SubmitAsync(Shopper.Body(first))).ReadAsync(HttpStatusCode.Created);

        var message = await (await shopper.SubmitAsync(Shopper.Body(second))).ErrorAsync(HttpStatusCode.BadRequest, "CHECKOUT_SUPERSEDED");
        Assert.Contains("start a new checkout", message, StringComparison.Ordinal);
    }

    private async Task<Contracts.Inventory.V1.StockLevel> StockAsync(string sku)
    {
        var request = new Contracts.Inventory.V1.GetAvailabilityRequest { WarehouseId = "US-WEST-01" };
        request.Skus.Add(sku);
        return (await new Contracts.Inventory.V1.InventoryService.InventoryServiceClient(Channel(AppIds.Inventory)).GetAvailabilityAsync(request)).Levels.Single();
    }

    private static void Dispose(IEnumerable<Shopper> shoppers)
    {
        foreach (var shopper in shoppers)
        {
            shopper.Dispose();
        }
    }
}
