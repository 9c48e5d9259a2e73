using Checkout.Platform.Hosting;

namespace Checkout.Customer;

/// <summary>
/// Customer service. Stores: profiles (customer:{id}, CUST-12345 seeded) and order
/// history with lifetime value (history:{id}). Calls: nothing. Consumes: order.created.
/// </summary>
public static class CustomerApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Customer, args, overrides);
        builder.Services.AddSingleton<CustomerDirectory>();
        builder.Services.AddEventConsumer<OrderCreatedHandler>();
        // Seeds the demo customer CUST-12345 on first run.
        builder.Services.AddStartupTask((services, ct) => services.GetRequiredService<CustomerDirectory>().SeedAsync(ct));
        var app = builder.Build();
        app.MapDomainService<CustomerGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
