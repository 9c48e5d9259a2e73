using Checkout.Platform.Hosting;
using Checkout.Standalone;

const string Usage = """
    Usage: dotnet run --project src/Standalone [-- [--port 8080] [--data .data] [--Section:Key=value ...]]

      --port N              the BFF's port (default 8080); with it, the twelve services take the
                            next twelve ports and the simulated gateway the one after, so a
                            second mesh starts beside the first
      --data DIR            where the SQLite files go (default .data)
      --Section:Key=value   any setting, for every app; wins over the runner's defaults, as the
                            environment does (Auth__DevelopmentIssuer=false, Logging__LogLevel__Default=Debug)
    """;

var ports = new Dictionary<string, int>(AppIds.DefaultPorts);
var gatewayPort = AppIds.DefaultGatewayPort;
var dataDirectory = ".data";
var settings = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--port" when i + 1 < args.Length:
            var bffPort = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            var next = bffPort;
            foreach (var appId in AppIds.DefaultPorts.Keys)
            {
                ports[appId] = appId == AppIds.Bff ? bffPort : ++next;
            }

            gatewayPort = ++next;

            break;
        case "--data" when i + 1 < args.Length:
            dataDirectory = args[++i];
            break;
        default:
            settings.Add(args[i]);
            break;
    }
}

// A port in use is said in one line, with the way out, not as a host's stack trace.
if (ports.Append(new("gateway", gatewayPort)).FirstOrDefault(p => LoopbackPorts.InUse(p.Value)) is { Key: not null } busy)
{
    Console.Error.WriteLine($"Port {busy.Value} ({busy.Key}) is already in use on 127.0.0.1, perhaps by another mesh. Start on other ports with --port N: the BFF takes N, the services and the gateway the thirteen after it.");
    return 1;
}

await using var mesh = await Mesh.StartAsync(new MeshOptions { Ports = ports, GatewayPort = gatewayPort, DataDirectory = dataDirectory, Arguments = settings });
var bff = mesh.BffAddress;
var tokens = mesh.Services(AppIds.Bff).GetService(typeof(Checkout.Bff.Auth.DevelopmentTokenIssuer)) is null
    ? "Tokens come from Auth:Authority; the development issuer is off."
    : $$"""
    Demo customer CUST-12345; get a token with:
      curl -s -X POST {{bff}}/api/v1/dev/token -H 'Content-Type: application/json' -d '{"customerId":"CUST-12345"}'
    (The development issuer mints a token for anyone who can reach {{bff}}; turn it off with
    Auth__DevelopmentIssuer=false and Auth__Authority=<your issuer>.)
    """;
Console.WriteLine($$"""
    Checkout mesh is running on the embedded default (state in {{Path.GetFullPath(dataDirectory)}}).

      Storefront         {{bff}}/ (sign in as CUST-12345)
      API (BFF)          {{bff}}/api/v1
      API docs (OpenAPI) {{bff}}/swagger
      Health             {{bff}}/healthz
      Card gateway       {{mesh.GatewayAddress}}/gateway/v1/tokens (simulated; README, "Cards")
      Services (gRPC)    {{string.Join(", ", mesh.Addresses.Where(a => a.Key != AppIds.Bff).Select(a => $"{a.Key} {a.Value}"))}}

    {{tokens}}

    Press Ctrl+C to stop.
    """);

// Ctrl+C and SIGTERM reach every app's host; the first one to stop stops the mesh.
await mesh.Stopping;
return 0;
