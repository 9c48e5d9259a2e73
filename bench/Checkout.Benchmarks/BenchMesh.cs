using System.Net.Http.Headers;
using System.Text.Json;
using Checkout.Standalone;
using Grpc.Net.Client;

namespace Checkout.Benchmarks;

/// <summary>A mesh on the embedded default for one benchmark, on fresh ports and a fresh data directory.</summary>
public sealed class BenchMesh : IAsyncDisposable
{
    private readonly Dictionary<string, GrpcChannel> _channels = [];

    // One pool of connections for every customer's client: a customer's first request would
    // otherwise open a connection of its own and time its set-up with it.
    private readonly SocketsHttpHandler _connections = new();

    private BenchMesh(Mesh mesh)
    {
        Mesh = mesh;
        Http = new HttpClient(_connections, disposeHandler: false) { BaseAddress = new Uri(mesh.BffAddress) };
    }

    public Mesh Mesh { get; }

    public HttpClient Http { get; }

    /// <param name="perApp">More configuration of single apps.</param>
    /// <param name="dataDirectory">A data directory already filled (deleted on dispose like a fresh one); none: a fresh one.</param>
    public static async Task<BenchMesh> StartAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>>? perApp = null, string? dataDirectory = null)
    {
        var options = MeshOptions.Temporary("checkout-bench-");
        if (dataDirectory is not null)
        {
            Directory.Delete(options.DataDirectory);
            options = options with { DataDirectory = dataDirectory };
        }

        var mesh = await Mesh.StartAsync(options with
        {
            // A benchmark is a script by design: the rate limits would refuse it.
            Arguments = ["--Bff:RateLimits:Enabled=false"],
            AppConfiguration = perApp ?? new Dictionary<string, IReadOnlyDictionary<string, string?>>(),
        });
        return new BenchMesh(mesh);
    }

    public GrpcChannel Channel(string appId)
    {
        if (!_channels.TryGetValue(appId, out var channel))
        {
            channel = GrpcChannel.ForAddress(Mesh.Addresses[appId]);
            _channels[appId] = channel;
        }

        return channel;
    }

    public async Task<HttpClient> CustomerAsync(string customerId)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/dev/token", new { customerId });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        return new HttpClient(_connections, disposeHandler: false)
        {
            BaseAddress = Http.BaseAddress,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        Http.Dispose();
        _connections.Dispose();
        await Mesh.DisposeAsync();
    }
}
