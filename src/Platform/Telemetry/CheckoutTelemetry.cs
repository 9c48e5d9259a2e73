using System.Diagnostics;

namespace Checkout.Platform.Telemetry;

/// <summary>The names under which the mesh's own spans and metrics are emitted.</summary>
public static class CheckoutTelemetry
{
    /// <summary>The ActivitySource of the domain spans: saga steps, state transactions, publishing and consuming events.</summary>
    public const string SourceName = "Checkout";

    /// <summary>The Meter every app counts its checkouts, orders, events and caches with (one per app, see <see cref="AppMeter"/>).</summary>
    public const string MeterName = "Checkout";

    /// <summary>
    /// Which app a measurement or span belongs to. On its own each app is its own process and
    /// service; in the standalone process thirteen apps share one, and this tells them apart.
    /// </summary>
    public const string AppTag = "checkout.app";

    /// <summary>Which process's apps a measurement comes from, where apps share one (<see cref="ProcessTelemetry.Instance"/>).</summary>
    public const string ProcessTag = "checkout.process";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The ids a domain span carries (never card data).</summary>
    public static class Tags
    {
        public const string CustomerId = "checkout.customer_id";
        public const string OrderId = "checkout.order_id";
        public const string SessionId = "checkout.session_id";
        public const string SkuCount = "checkout.sku_count";
        public const string EventId = "messaging.message.id";
        public const string Topic = "messaging.destination.name";
        public const string MessagingSystem = "messaging.system";
        public const string MessagingOperation = "messaging.operation.type";
        public const string StateOperations = "checkout.state.operations";
        public const string StateKeyPrefix = "checkout.state.key_prefix";
    }
}
