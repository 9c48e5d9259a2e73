using Checkout.Platform.Hosting;
using Checkout.Standalone;

// Usage: dotnet run --project src/Standalone [-- --port 8080] [--data .data]
var ports = new Dictionary<string, int>(AppIds.DefaultPorts);
var dataDirectory = ".data";
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--port":
            ports[AppIds.Bff] = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--data":
            dataDirectory = args[++i];
            break;
    }
}

await using var mesh = await Mesh.StartAsync(new MeshOptions { Ports = ports, DataDirectory = dataDirectory });
var bff = mesh.BffAddress;
Console.WriteLine($$"""
    Checkout mesh is running on the embedded default (state in {{Path.GetFullPath(dataDirectory)}}).

      API (BFF)          {{bff}}/api/v1
      API docs (OpenAPI) {{bff}}/swagger
      Health             {{bff}}/healthz
      Services (gRPC)    {{string.Join(", ", mesh.Addresses.Where(a => a.Key != AppIds.Bff).Select(a => $"{a.Key} {a.Value}"))}}

    Demo customer CUST-12345; get a token with:
      curl -s -X POST {{bff}}/api/v1/dev/token -H 'Content-Type: application/json' -d '{"customerId":"CUST-12345"}'

    Press Ctrl+C to stop.
    """);

// Ctrl+C and SIGTERM reach every app's host; the first one to stop stops the mesh.
await mesh.Stopping;
