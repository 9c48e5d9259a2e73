using Checkout.Platform.Hosting;

namespace Checkout.Standalone;

/// <summary>How to run the mesh in one process: ports, where state lives, and test hooks.</summary>
public sealed record MeshOptions
{
    /// <summary>Loopback port of every app; the BFF's is the public one.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; init; } = AppIds.DefaultPorts;

    /// <summary>The simulated payment gateway's public port (card tokenization, served by Payment).</summary>
    public int GatewayPort { get; init; } = AppIds.DefaultGatewayPort;

    /// <summary>One SQLite file per service goes here.</summary>
    public string DataDirectory { get; init; } = ".data";

    /// <summary>Delete <see cref="DataDirectory"/> when the mesh is disposed (tests and benchmarks).</summary>
    public bool DeleteDataDirectoryOnDispose { get; init; }

    /// <summary>Options for a throwaway mesh: a fresh temporary data directory, deleted on dispose, on free loopback ports.</summary>
    public static MeshOptions Temporary(string prefix) => new()
    {
        Ports = LoopbackPorts.For(AppIds.DefaultPorts.Keys),
        GatewayPort = LoopbackPorts.NextBlock(1),
        DataDirectory = Directory.CreateTempSubdirectory(prefix).FullName,
        DeleteDataDirectoryOnDispose = true,
    };

    /// <summary>Base64 key of the development token issuer; random per run when empty.</summary>
    public string? DevelopmentSigningKey { get; init; }

    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Minimum log level of the apps (the console stays readable at Warning).</summary>
    public string LogLevel { get; init; } = "Warning";

    /// <summary>Command-line arguments every app gets (<c>--Auth:DevelopmentIssuer=false</c>); they win over the runner's defaults.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>More configuration for every app, winning over everything (tests use it to switch adapters).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>Configuration for one app only, by app id (e.g. injected latency for one service).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> AppConfiguration { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string?>>();

    /// <summary>Lets tests await event deliveries (<see cref="Platform.Events.InProcessEventBus.WhenHandledAsync"/>).</summary>
    public bool TrackEventDeliveries { get; init; }
}
