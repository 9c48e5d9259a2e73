using Microsoft.Extensions.Configuration;

namespace Checkout.Platform.Hosting;

/// <summary>Which adapters an app runs on. Chosen by configuration, never by code changes.</summary>
public enum CheckoutMode
{
    /// <summary>SQLite state, in-process events, direct gRPC: no sidecar needed.</summary>
    Embedded,

    /// <summary>Dapr state stores, Dapr pub/sub, calls through the local sidecar.</summary>
    Dapr,
}

public static class CheckoutModeConfiguration
{
    public const string ModeKey = "Checkout:Mode";

    /// <summary>
    /// <c>Checkout:Mode</c> wins when set; otherwise an app started by daprd (which sets
    /// <c>DAPR_GRPC_PORT</c> for it) runs in Dapr mode and anything else is embedded.
    /// </summary>
    public static CheckoutMode GetCheckoutMode(this IConfiguration configuration)
    {
        var configured = configuration[ModeKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<CheckoutMode>(configured, ignoreCase: true, out var mode)
                ? mode
                : throw new InvalidOperationException($"{ModeKey} must be Embedded or Dapr, not '{configured}'.");
        }

        return string.IsNullOrEmpty(configuration["DAPR_GRPC_PORT"]) ? CheckoutMode.Embedded : CheckoutMode.Dapr;
    }

    public static string DaprGrpcEndpoint(this IConfiguration configuration) =>
        configuration["DAPR_GRPC_ENDPOINT"] is { Length: > 0 } endpoint
            ? endpoint
            : $"http://127.0.0.1:{configuration["DAPR_GRPC_PORT"] ?? "50001"}";
}
