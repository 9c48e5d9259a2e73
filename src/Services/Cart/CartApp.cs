using Checkout.Platform.Hosting;

namespace Checkout.Cart;

/// <summary>
/// Cart service. Stores: one cart per customer (key "cart:{customerId}", 30-day TTL).
/// Calls: nothing (the BFF validates products and stock before it calls Cart).
/// Consumes: order.created (empties the customer's cart).
/// </summary>
public static class CartApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Cart, args, overrides);
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddEventConsumer<OrderCreatedHandler>();
        var app = builder.Build();
        app.MapDomainService<CartGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
