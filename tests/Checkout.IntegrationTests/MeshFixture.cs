using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Checkout.Standalone;
using Grpc.Net.Client;

namespace Checkout.IntegrationTests;

/// <summary>
/// The whole mesh on the embedded default, on free loopback ports with its own data
/// directory: real Kestrel servers, real HTTP to the BFF, real gRPC between services.
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    /// <summary>Known to the tests so they can forge expired and foreign tokens.</summary>
    public static readonly string SigningKey = Convert.ToBase64String("integration-tests-signing-key-32b!"u8.ToArray());

    private readonly Dictionary<string, GrpcChannel> _channels = [];

    public Mesh Mesh { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await Mesh.StartAsync(Options("checkout-mesh-"));
        Anonymous = new HttpClient { BaseAddress = new Uri(Mesh.BffAddress) };
    }

    /// <summary>A throwaway mesh (temporary data, free ports, no rate limits) that knows the tests' signing key and lets them await events.</summary>
    public static MeshOptions Options(string prefix) => MeshOptions.Temporary(prefix) with
    {
        // The tests are scripts: they would meet the rate limits at once (RateLimitTests turn them on).
        Arguments = ["--Bff:RateLimits:Enabled=false"],
        DevelopmentSigningKey = SigningKey,
        TrackEventDeliveries = true,
        TimeProvider = new PinnedCalendar(),
    };

    public async Task<HttpClient> CustomerAsync(string customerId) => Authorized(Mesh.BffAddress, await TokenAsync(Anonymous, customerId));

    public static async Task<string> TokenAsync(HttpClient anonymous, string customerId)
    {
        using var response = await anonymous.PostAsJsonAsync("/api/v1/dev/token", new { customerId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public static HttpClient Authorized(string baseAddress, string token) => new()
    {
        BaseAddress = new Uri(baseAddress),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public GrpcChannel Channel(string appId)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(appId, out var channel))
            {
                channel = GrpcChannel.ForAddress(Mesh.Addresses[appId]);
                _channels[appId] = channel;
            }

            return channel;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        Anonymous.Dispose();
        await Mesh.DisposeAsync();
    }

    /// <summary>Free loopback ports, one per name (see <see cref="LoopbackPorts"/>).</summary>
    public static IReadOnlyDictionary<string, int> FreePorts(IEnumerable<string> appIds) => LoopbackPorts.For(appIds);
}

[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshFixture>
{
    public const string Name = "mesh";
}

/// <summary>
/// Tests that read the process-wide meters run alone, after the others. Every mesh's ASP.NET
/// Core request meters have the same name and feed every metrics provider of the process;
/// run beside meshes that other tests start and stop, a request counter read as a delta came
/// out short (one mesh per process, as the runner has, never meets this).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMetricsCollection
{
    public const string Name = "process metrics";
}
