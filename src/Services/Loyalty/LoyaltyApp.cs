using Checkout.Platform.Hosting;
using Checkout.Platform.State;

namespace Checkout.Loyalty;

/// <summary>
/// Loyalty service. Stores: accounts (loyalty:{customerId}; CUST-12345 is gold with 1250
/// points) and settlements per order (settled:{orderId}). Calls and consumes: nothing.
/// </summary>
public static class LoyaltyApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Loyalty, args, overrides);
        // Seeds the demo customer's account on first run.
        builder.Services.AddStartupTask((services, ct) => services.GetRequiredService<IStateStore>().TrySaveJsonAsync(
            LoyaltyAccount.Key(Contracts.Demo.DemoData.CustomerId),
            new LoyaltyAccount(Contracts.Demo.DemoData.CustomerId, "gold", 1250),
            ETags.MustNotExist,
            cancellationToken: ct));
        var app = builder.Build();
        app.MapDomainService<LoyaltyGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
