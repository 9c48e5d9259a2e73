namespace Checkout.Platform.Hosting;

/// <summary>The app ids of the mesh (Dapr app ids and <c>Services:{appId}</c> keys) and their default loopback ports.</summary>
public static class AppIds
{
    public const string Bff = "bff";
    public const string Catalog = "catalog";
    public const string Inventory = "inventory";
    public const string Cart = "cart";
    public const string Checkout = "checkout";
    public const string Order = "order";
    public const string Payment = "payment";
    public const string Customer = "customer";
    public const string Promotion = "promotion";
    public const string Loyalty = "loyalty";
    public const string Shipping = "shipping";
    public const string Notification = "notification";
    public const string Analytics = "analytics";

    public static readonly IReadOnlyDictionary<string, int> DefaultPorts = new Dictionary<string, int>
    {
        [Bff] = 8080,
        [Catalog] = 5101,
        [Inventory] = 5102,
        [Cart] = 5103,
        [Checkout] = 5104,
        [Order] = 5105,
        [Payment] = 5106,
        [Customer] = 5107,
        [Promotion] = 5108,
        [Loyalty] = 5109,
        [Shipping] = 5110,
        [Notification] = 5111,
        [Analytics] = 5112,
    };

    /// <summary>
    /// The default loopback port of the simulated payment gateway's public endpoint (card
    /// tokenization), served by Payment on its <see cref="ServiceHost.PublicPortKey"/>.
    /// </summary>
    public const int DefaultGatewayPort = 5113;
}
