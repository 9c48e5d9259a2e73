using Checkout.Contracts.Inventory.V1;
using Grpc.Net.Client;

namespace Checkout.LoadGenerator;

/// <summary>
/// After a run: no SKU the shoppers saw has negative stock on hand, or more reserved than
/// on hand, in any warehouse. Reads Inventory directly, because the REST API shows only
/// what is available (never below zero by construction) and could not show a breach.
/// </summary>
public static class StockCheck
{
    public static async Task<IReadOnlyList<string>> RunAsync(string inventoryAddress, IEnumerable<string> skus)
    {
        using var channel = GrpcChannel.ForAddress(inventoryAddress);
        var request = new GetAvailabilityRequest();
        request.Skus.AddRange(skus);
        var levels = (await new InventoryService.InventoryServiceClient(channel).GetAvailabilityAsync(request)).Levels;
        return levels
            .Where(l => l.OnHand < 0 || l.Reserved < 0 || l.Reserved > l.OnHand)
            .Select(l => $"{l.Sku} in {l.WarehouseId}: on hand {l.OnHand}, reserved {l.Reserved}")
            .ToList();
    }
}
