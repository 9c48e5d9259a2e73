using System.Text.Json;

namespace Checkout.LoadGenerator;

/// <summary>One shopper's visit: a fresh customer browses, fills a cart, looks at it and checks out.</summary>
public sealed class ShopperVisit(ApiClient api, ShopperMix mix, Random random, System.Collections.Concurrent.ConcurrentDictionary<string, byte> seenSkus)
{
    /// <summary>The pages of the product list a visit picks its page from, and their size.</summary>
    public static readonly int[] BrowsedPages = [1, 2];
    public const int PageSize = 20;

    public sealed record PlacedOrder(string CustomerToken, string OrderId, string TransactionId);

    public async Task<PlacedOrder?> RunAsync(string customerId)
    {
        var token = (await api.SendAsync("POST /dev/token", HttpMethod.Post, "/api/v1/dev/token", new { customerId })).Body.GetProperty("token").GetString()!;

        var page = await api.SendAsync("GET /products", HttpMethod.Get, $"/api/v1/products?page={BrowsedPages[random.Next(BrowsedPages.Length)]}&pageSize={PageSize}");
        var productIds = page.Body.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("productId").GetString()!).ToList();
        var seen = new List<JsonElement>();
        for (var i = 0; i < Math.Max(mix.Browse, mix.Add); i++)
        {
            var detail = await api.SendAsync("GET /products/{id}", HttpMethod.Get, $"/api/v1/products/{productIds[random.Next(productIds.Count)]}");
            if (detail.Ok)
            {
                seen.Add(detail.Body);
                foreach (var sku in detail.Body.GetProperty("skus").EnumerateArray())
                {
                    seenSkus.TryAdd(sku.GetProperty("sku").GetString()!, 0);
                }
            }
        }

        var added = 0;
        foreach (var product in seen.Take(mix.Add))
        {
            var stocked = product.GetProperty("availability").EnumerateArray().Where(a => a.GetProperty("available").GetInt32() > 0).ToList();
            if (!product.GetProperty("active").GetBoolean() || stocked.Count == 0)
            {
                continue;
            }

            var pick = stocked[random.Next(stocked.Count)];
            var reply = await api.SendAsync("POST /cart/items", HttpMethod.Post, "/api/v1/cart/items", new
            {
                productId = product.GetProperty("productId").GetString(),
                sku = pick.GetProperty("sku").GetString(),
                quantity = 1,
                warehouseId = pick.GetProperty("warehouse").GetString(),
            }, token);
            added += reply.Ok ? 1 : 0;
        }

        for (var i = 0; i < mix.Update && added > 0; i++)
        {
            await api.SendAsync("PUT /cart/items/{id}", HttpMethod.Put, "/api/v1/cart/items/CART_ITEM-001", new { quantity = 2 }, token);
        }

        for (var i = 0; i < mix.View; i++)
        {
            await api.SendAsync("GET /cart", HttpMethod.Get, "/api/v1/cart", token: token);
        }

        if (mix.Checkout == 0 || added == 0)
        {
            return null;
        }

        var initiated = await api.SendAsync("POST /checkout/initiate", HttpMethod.Post, "/api/v1/checkout/initiate", new { }, token);
        if (!initiated.Ok)
        {
            return null;
        }

        var submitted = await api.SendAsync("POST /checkout/submit", HttpMethod.Post, "/api/v1/checkout/submit", new
        {
            checkoutSessionId = initiated.Body.GetProperty("checkoutSessionId").GetString(),
            shippingAddress = new { street = "1 Load St", city = "San Francisco", state = "CA", zipCode = "94105", country = "US" },
            paymentMethod = new { id = "PM-TEST-VISA", type = "credit_card" },
            shippingMethod = "standard",
        }, token, idempotencyKey: Guid.NewGuid().ToString("N"));
        return submitted.Status == 201
            ? new PlacedOrder(token, submitted.Body.GetProperty("orderId").GetString()!, submitted.Body.GetProperty("payment").GetProperty("transactionId").GetString()!)
            : null;
    }
}
