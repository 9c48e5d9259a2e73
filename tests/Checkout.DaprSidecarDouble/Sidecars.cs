using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// One sidecar double per app, each on its own loopback port, sharing one state backend,
/// one broker and one wire log. A call carrying <c>dapr-app-id</c> that is not a Dapr API
/// call is forwarded to that app, as daprd's gRPC proxy does.
/// </summary>
public sealed class Sidecars : IAsyncDisposable
{
    private readonly List<WebApplication> _hosts = [];
    private readonly HttpMessageInvoker _forwardClient = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, EnableMultipleHttp2Connections = true });

    private Sidecars(IReadOnlyDictionary<string, AppEndpoint> apps, IReadOnlyDictionary<string, int> ports, WireLog wire, StateBackend state, Broker broker)
    {
        Apps = apps;
        Ports = ports;
        Wire = wire;
        State = state;
        Broker = broker;
    }

    public IReadOnlyDictionary<string, AppEndpoint> Apps { get; }

    /// <summary>The gRPC port of each app's sidecar (what daprd gives the app as DAPR_GRPC_PORT).</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public WireLog Wire { get; }

    public StateBackend State { get; }

    public Broker Broker { get; }

    /// <param name="ports">The loopback port of each app's sidecar.</param>
    /// <param name="stores">The declared state stores, each with its outbox topic (null: no outbox).</param>
    public static async Task<Sidecars> StartAsync(IReadOnlyDictionary<string, AppEndpoint> apps, IReadOnlyDictionary<string, int> ports, IReadOnlyDictionary<string, string?> stores, TimeProvider? clock = null)
    {
        var wire = new WireLog();
        var state = new StateBackend(clock ?? TimeProvider.System);
        var broker = new Broker(apps, wire);
        var sidecars = new Sidecars(apps, ports, wire, state, broker);
        foreach (var appId in apps.Keys)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, ports[appId], l => l.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddHttpForwarder();
            builder.Services.AddSingleton(new SidecarContext(appId, state, broker, wire, stores));
            var host = builder.Build();
            host.Use(sidecars.ForwardInvocations(appId, host.Services.GetRequiredService<IHttpForwarder>()));
            host.MapGrpcService<SidecarApi>();
            await host.StartAsync();
            sidecars._hosts.Add(host);
        }

        return sidecars;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        Broker.Dispose();
        _forwardClient.Dispose();
    }

    private Func<HttpContext, RequestDelegate, Task> ForwardInvocations(string appId, IHttpForwarder forwarder) => async (context, next) =>
    {
        var target = context.Request.Headers["dapr-app-id"].ToString();
        if (string.IsNullOrEmpty(target) || context.Request.Path.StartsWithSegments("/dapr.proto.runtime.v1.Dapr"))
        {
            await next(context);
            return;
        }

        Wire.Add(new WireCall(appId, "Invoke", TargetAppId: target, Path: context.Request.Path));
        if (!Apps.TryGetValue(target, out var app))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await forwarder.SendAsync(context, app.Address, _forwardClient, new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
    };
}
