using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Checkout.Platform.Hosting;

/// <summary>
/// What a service's extra HTTP/1.1 listener serves (metrics, the gateway's tokenization):
/// only its paths, and those paths on no other listener. Decided by the port the connection
/// came in on, never by the Host header, which the client chooses and a proxy rewrites.
/// </summary>
public static class ListenerPaths
{
    public static void UseListenerPaths(this WebApplication app, int port, PathString paths) =>
        app.Use((context, next) =>
        {
            if ((context.Connection.LocalPort == port) == context.Request.Path.StartsWithSegments(paths))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
}
