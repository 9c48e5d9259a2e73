using Checkout.Analytics;
using Checkout.Bff;
using Checkout.Cart;
using Checkout.Catalog;
using Checkout.Checkouts;
using Checkout.Customer;
using Checkout.Inventory;
using Checkout.Loyalty;
using Checkout.Notification;
using Checkout.Order;
using Checkout.Payment;
using Checkout.Platform.Events;
using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;
using Checkout.Promotion;
using Checkout.Shipping;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkout.Standalone;

/// <summary>
/// Every service and the BFF in one process, each on its own loopback port and talking
/// real gRPC to the others, on the embedded default: SQLite state per service and one
/// in-process event bus. Used by the standalone command and by the integration tests.
/// </summary>
public sealed class Mesh : IAsyncDisposable
{
    /// <summary>The host setting that turns off watching appsettings files for changes.</summary>
    private const string NoConfigReload = "hostBuilder:reloadConfigOnChange=false";

    private readonly Dictionary<string, WebApplication> _apps;
    private readonly InProcessEventBus _bus;

    private readonly MeshOptions _options;

    private Mesh(Dictionary<string, WebApplication> apps, InProcessEventBus bus, IReadOnlyDictionary<string, string> addresses, MeshOptions options, RecentTraces traces)
    {
        Traces = traces;
        _options = options;
        _apps = apps;
        _bus = bus;
        Addresses = addresses;
    }

    /// <summary>http://127.0.0.1:port of every app, by app id.</summary>
    public IReadOnlyDictionary<string, string> Addresses { get; }

    public string BffAddress => Addresses[AppIds.Bff];

    /// <summary>Where the apps' SQLite files are.</summary>
    public string DataDirectory => _options.DataDirectory;

    /// <summary>The simulated payment gateway's public address: a client sends a card here for a token (README, "Cards").</summary>
    public string GatewayAddress => $"http://127.0.0.1:{_options.GatewayPort}";

    public InProcessEventBus EventBus => _bus;

    /// <summary>The spans every app of the mesh exported lately (an in-memory exporter).</summary>
    public RecentTraces Traces { get; }

    public IServiceProvider Services(string appId) => _apps[appId].Services;

    /// <summary>How each app is built, by app id: the same code its own <c>Program.cs</c> runs.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string[], HostOverrides, WebApplication>> Apps = new Dictionary<string, Func<string[], HostOverrides, WebApplication>>
    {
        [AppIds.Inventory] = InventoryApp.Build,
        [AppIds.Catalog] = CatalogApp.Build,
        [AppIds.Cart] = CartApp.Build,
        [AppIds.Checkout] = CheckoutApp.Build,
        [AppIds.Order] = OrderApp.Build,
        [AppIds.Payment] = PaymentApp.Build,
        [AppIds.Customer] = CustomerApp.Build,
        [AppIds.Promotion] = PromotionApp.Build,
        [AppIds.Loyalty] = LoyaltyApp.Build,
        [AppIds.Shipping] = ShippingApp.Build,
        [AppIds.Notification] = NotificationApp.Build,
        [AppIds.Analytics] = AnalyticsApp.Build,
        [AppIds.Bff] = BffApp.Build,
    };

    public static async Task<Mesh> StartAsync(MeshOptions options, CancellationToken cancellationToken = default)
    {
        var addresses = options.Ports.ToDictionary(p => p.Key, p => $"http://127.0.0.1:{p.Value}");
        var configuration = new Dictionary<string, string?>
        {
            [CheckoutModeConfiguration.ModeKey] = nameof(CheckoutMode.Embedded),
            [ServiceHost.DataDirectoryKey] = options.DataDirectory,
            ["Auth:DevelopmentIssuer"] = "true",
            ["Auth:DevelopmentSigningKey"] = options.DevelopmentSigningKey,
            ["Logging:LogLevel:Default"] = options.LogLevel,
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            [ServiceHost.GrpcReflectionKey] = "true",
            // The storefront's browser sends a new card's number to the gateway, not to the BFF.
            [$"{Checkout.Bff.Storefront.StorefrontOptions.Section}:{nameof(Checkout.Bff.Storefront.StorefrontOptions.CardGateway)}"] = $"http://127.0.0.1:{options.GatewayPort}/gateway/v1/tokens",
        };
        // A web app on its own development server (any localhost port) may call the API.
        for (var i = 0; i < Checkout.Bff.Conventions.CorsOrigins.Development.Length; i++)
        {
            configuration[$"{Checkout.Bff.Conventions.CorsOrigins.Section}:{i}"] = Checkout.Bff.Conventions.CorsOrigins.Development[i];
        }

        foreach (var (appId, address) in addresses)
        {
            configuration[$"Services:{appId}"] = address;
        }

        var clock = options.TimeProvider ?? TimeProvider.System;
        // The bus retries on real time: a test's fake clock must not stall deliveries.
        var bus = new InProcessEventBus(NullLogger<InProcessEventBus>.Instance, TimeProvider.System) { TrackDeliveries = options.TrackEventDeliveries };
        // The apps share the process, so they share its telemetry: the recent spans (the BFF's
        // waterfall pages) and one metrics provider, the BFF's, serving every app's at /metrics.
        var telemetry = new ProcessTelemetry(AppIds.Bff, instance: addresses[AppIds.Bff]);
        // No app watches its configuration files: each would watch the working directory and
        // everything under it, the data directory too when it lies there (the default,
        // src/Standalone/.data), and take every state write as a file change, thirteen times
        // over (docs/performance.md, "Optimisations"). A runner is restarted to change settings.
        string[] Args(string appId) => ["--urls", addresses[appId], $"--{NoConfigReload}", .. options.Arguments];
        HostOverrides For(string appId) => new()
        {
            // The runner's settings are defaults: the environment and the command line win.
            Defaults = appId == AppIds.Payment
                ? new Dictionary<string, string?>(configuration) { [ServiceHost.PublicPortKey] = options.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : configuration,
            Configuration = options.AppConfiguration.TryGetValue(appId, out var own)
                ? options.Configuration.Concat(own).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : options.Configuration,
            EventBus = bus,
            TimeProvider = clock,
            Telemetry = telemetry,
        };

        var apps = Apps.ToDictionary(app => app.Key, app => app.Value(Args(app.Key), For(app.Key)));

        var mesh = new Mesh(apps, bus, addresses, options, telemetry.Traces);
        try
        {
            // Each app starts in its own flow, so what its host starts (background services)
            // runs as that app's work and its spans go out under its name.
            await Task.WhenAll(apps.Select(app => Task.Run(() =>
            {
                AppScope.Enter(app.Value.Services.GetRequiredService<ServiceIdentity>());
                return app.Value.StartAsync(cancellationToken);
            }, cancellationToken)));
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }

        return mesh;
    }

    /// <summary>Completes when any app begins to stop (SIGTERM, Ctrl+C and the like reach every app's host).</summary>
    public Task Stopping => Task.WhenAny(_apps.Values.Select(app =>
    {
        var stopping = new TaskCompletionSource();
        app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task;
    }));

    /// <summary>Stops one app (tests use it to take a service down).</summary>
    public Task StopAsync(string appId) => _apps[appId].StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await _bus.DisposeAsync();
        if (_options.DeleteDataDirectoryOnDispose)
        {
            // Pooled SQLite connections keep the files open until the pools are cleared.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_options.DataDirectory, recursive: true);
        }
    }
}
