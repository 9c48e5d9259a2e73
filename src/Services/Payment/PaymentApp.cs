using Checkout.Payment.Fraud;
using Checkout.Payment.Gateway;
using Checkout.Platform.Hosting;

namespace Checkout.Payment;

/// <summary>
/// Payment service. Knows saved cards as gateway tokens (<see cref="PaymentVault"/>), screens
/// each charge for fraud (<see cref="FraudRules"/>) and charges through
/// <see cref="SimulatedGateway"/>, whose card tokenization it serves on its public port
/// (<see cref="TokenizationEndpoint"/>). Stores: one payment per order (payment:{orderId}), the
/// customers' added cards (cards:{customerId}), the charge histories the screening counts
/// (risk:customer:{id}, risk:card:{fingerprint}), the gateway's tokens (gateway-token:{token})
/// and ledger (gateway:{orderId}). Calls and consumes: nothing.
/// </summary>
public static class PaymentApp
{
    public static WebApplication Build(string[] args, HostOverrides? overrides = null)
    {
        var builder = ServiceHost.CreateBuilder(AppIds.Payment, args, overrides);
        builder.Services.AddSingleton<SimulatedGateway>();
        builder.Services.AddSingleton<PaymentVault>();
        builder.Services.Configure<FraudPolicy>(builder.Configuration.GetSection(FraudPolicy.Section));
        builder.Services.AddSingleton<FraudLedger>();
        builder.AddCardTokenization();
        var app = builder.Build();
        app.MapDomainService<PaymentGrpcService>();
        app.MapCardTokenization();
        app.MapServiceDefaults();
        return app;
    }
}
