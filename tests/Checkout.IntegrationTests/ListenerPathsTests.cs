using System.Net;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>
/// A service's extra listener (metrics, the card gateway) over real HTTP: its paths are served
/// on its port only, and nothing else is; the Host header, which anyone can write, changes nothing.
/// </summary>
public sealed class ListenerPathsTests
{
    [Fact]
    public async Task The_extra_port_serves_its_paths_only_and_they_are_served_nowhere_else_whatever_the_host_header()
    {
        var ports = LoopbackPorts.For(["app", "extra"]);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{ports["app"]}", $"http://127.0.0.1:{ports["extra"]}");
        await using var app = builder.Build();
        app.UseListenerPaths(ports["extra"], "/metrics");
        app.MapGet("/metrics", () => "counters");
        app.MapGet("/api/thing", () => "thing");
        await app.StartAsync();
        using var http = new HttpClient();

        async Task<HttpStatusCode> GetAsync(string port, string path, string? host = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{ports[port]}{path}");
            request.Headers.Host = host;
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await GetAsync("extra", "/metrics"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("extra", "/metrics", host: "metrics.example.com"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("app", "/api/thing"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync("extra", "/api/thing"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync("app", "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync("app", "/metrics", host: $"127.0.0.1:{ports["extra"]}"));
    }
}
