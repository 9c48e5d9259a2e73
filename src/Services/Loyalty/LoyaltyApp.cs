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
        var app = builder.Build();
        app.MapGrpcService<LoyaltyGrpcService>();
        app.MapServiceDefaults();
        return app;
    }

    public static Task InitializeAsync(WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.GetRequiredService<IStateStore>().TrySaveJsonAsync(
            LoyaltyAccount.Key(LoyaltyGrpcService.DemoCustomerId),
            new LoyaltyAccount(LoyaltyGrpcService.DemoCustomerId, "gold", 1250),
            ETags.MustNotExist,
            cancellationToken: cancellationToken);
}
