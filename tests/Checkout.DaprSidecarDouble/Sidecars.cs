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
/// One sidecar double per app, each on its own loopback port, all loading the same Dapr
/// resources and sharing the stores' data, one broker and one wire log. A call carrying
/// <c>dapr-app-id</c> that is not a Dapr API call is forwarded to that app, as daprd's gRPC
/// proxy does.
/// </summary>
public sealed class Sidecars : IAsyncDisposable
{
    private readonly List<WebApplication> _hosts = [];
    private readonly HttpMessageInvoker _forwardClient = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, EnableMultipleHttp2Connections = true });

    private readonly DaprResources _resources;

    /// <summary>The Configuration's access control every callee's sidecar applies (null: none).</summary>
    public AccessControl? AccessControl { get; init; }

    private Sidecars(IReadOnlyDictionary<string, AppEndpoint> apps, IReadOnlyDictionary<string, int> ports, WireLog wire, IReadOnlyDictionary<string, StateBackend> stores, Broker broker, DaprResources resources)
    {
        _resources = resources;
        Apps = apps;
        Ports = ports;
        Wire = wire;
        Stores = stores;
        Broker = broker;
    }

    public IReadOnlyDictionary<string, AppEndpoint> Apps { get; }

    /// <summary>The gRPC port of each app's sidecar (what daprd gives the app as DAPR_GRPC_PORT).</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public WireLog Wire { get; }

    /// <summary>The data of each state store component, by component name.</summary>
    public IReadOnlyDictionary<string, StateBackend> Stores { get; }

    /// <summary>The state store the mesh uses (<c>statestore</c>).</summary>
    public StateBackend State => Stores["statestore"];

    public Broker Broker { get; }

    /// <param name="apps">Each app's endpoint, by app id: where its sidecar delivers events and calls.</param>
    /// <param name="ports">The loopback port of each app's sidecar.</param>
    /// <param name="resources">The components and resiliency every sidecar loads (<see cref="DaprResources.Load"/>).</param>
    /// <param name="clock">The sidecars' clock (TTLs); the machine's by default.</param>
    /// <param name="accessControl">The Configuration's access control (<see cref="AccessControl.Load"/>), or none.</param>
    public static async Task<Sidecars> StartAsync(IReadOnlyDictionary<string, AppEndpoint> apps, IReadOnlyDictionary<string, int> ports, DaprResources resources, TimeProvider? clock = null, AccessControl? accessControl = null)
    {
        var wire = new WireLog();
        var stores = resources.StateStores.ToDictionary(s => s.Name, s => new StateBackend(s.Kind, clock ?? TimeProvider.System));
        var broker = new Broker(apps, resources, wire);
        var sidecars = new Sidecars(apps, ports, wire, stores, broker, resources) { AccessControl = accessControl };
        foreach (var appId in apps.Keys)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, ports[appId], l => l.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddHttpForwarder();
            builder.Services.AddSingleton(new SidecarContext(appId, resources, stores, broker, wire));
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

        // The callee's daprd applies its access control before it calls its app (grpc_proxy.go).
        var operation = context.Request.Path.Value ?? string.Empty;
        if (AccessControl is { } acl && !acl.Allows(appId, operation))
        {
            Wire.Add(new WireCall(appId, "InvokeDenied", TargetAppId: target, Path: context.Request.Path));
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.PermissionDenied).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(AccessControl.Denied(appId, operation));
            return;
        }

        // The target's resiliency timeout bounds the call; past it daprd's policy context ends the
        // call with DeadlineExceeded (dapr pkg/resiliency/policy.go, pkg/api/grpc/proxy/handler.go).
        var caller = context.RequestAborted;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (_resources.CallTimeouts.TryGetValue(target, out var timeout))
        {
            limit.CancelAfter(timeout);
        }

        // The callee's daprd drops the caller's token and sends its own app token, if it has one
        // (pkg/messaging/grpc_proxy.go: delete APITokenHeader, then appendAppTokenFn).
        context.Request.Headers.Remove(AppEndpoint.TokenHeader);
        if (app.AppToken is not null)
        {
            context.Request.Headers[AppEndpoint.TokenHeader] = app.AppToken;
        }

        context.RequestAborted = limit.Token;
        await forwarder.SendAsync(context, app.Address, _forwardClient, new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        if (limit.IsCancellationRequested && !caller.IsCancellationRequested && !context.Response.HasStarted)
        {
            Wire.Add(new WireCall(appId, "InvokeTimedOut", TargetAppId: target, Path: context.Request.Path));
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = "context deadline exceeded";
        }
    };
}
