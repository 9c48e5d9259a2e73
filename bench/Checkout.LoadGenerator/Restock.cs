using Checkout.Contracts.Inventory.V1;
using Grpc.Net.Client;

namespace Checkout.LoadGenerator;

/// <summary>
/// Before a run (<c>--restock N</c>): every SKU of the products the shoppers browse gets N
/// units on hand in every warehouse the product page lists for it. A run on the seed's
/// stock can sell it out, and then visits end without a checkout: the run measures more
/// browsing per checkout than the mix asks for.
/// </summary>
public static class Restock
{
    /// <summary>Sets the stock lines and returns how many it set.</summary>
    public static async Task<int> RunAsync(ApiClient api, string inventoryAddress, int onHand)
    {
        var lines = new HashSet<(string Sku, string Warehouse)>();
        foreach (var page in ShopperVisit.BrowsedPages)
        {
            var list = await api.SendAsync("restock", HttpMethod.Get, $"/api/v1/products?page={page}&pageSize={ShopperVisit.PageSize}");
            foreach (var product in Expect(list, "the product list").GetProperty("products").EnumerateArray())
            {
                var detail = await api.SendAsync("restock", HttpMethod.Get, $"/api/v1/products/{product.GetProperty("productId").GetString()}");
                foreach (var line in Expect(detail, "a product page").GetProperty("availability").EnumerateArray())
                {
                    lines.Add((line.GetProperty("sku").GetString()!, line.GetProperty("warehouse").GetString()!));
                }
            }
        }

        using var channel = GrpcChannel.ForAddress(inventoryAddress);
        var inventory = new InventoryService.InventoryServiceClient(channel);
        foreach (var (sku, warehouse) in lines)
        {
            await inventory.SetStockAsync(new SetStockRequest { Sku = sku, WarehouseId = warehouse, OnHand = onHand });
        }

        return lines.Count;
    }

    private static System.Text.Json.JsonElement Expect(ApiClient.Reply reply, string what) =>
        reply.Ok ? reply.Body : throw new InvalidOperationException($"Restocking: {what} answered {reply.Status}.");
}
