using Checkout.Platform.Hosting;

namespace Checkout.Payment;

/// <summary>
/// Payment service. Knows saved cards as gateway tokens (<see cref="PaymentVault"/>) and
/// charges through <see cref="SimulatedGateway"/>. Stores: one payment per order
/// (payment:{orderId}). Calls and consumes: nothing.
/// </summary>
public static class PaymentApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Payment, args, overrides);
        builder.Services.AddSingleton<SimulatedGateway>();
        var app = builder.Build();
        app.MapDomainService<PaymentGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
