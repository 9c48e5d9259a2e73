// The mesh under Aspire's orchestrator and dashboard. It runs as one resource, the standalone
// runner: on the embedded default the order events travel on an in-process bus, so the
// thirteen apps share one process (as separate processes they need Dapr's pub/sub, which no
// Aspire integration served here provides). Each app still exports its telemetry under its
// own service name, so the dashboard shows thirteen services in every trace.
var builder = DistributedApplication.CreateBuilder(args);

var port = int.Parse(builder.Configuration["Mesh:Port"] ?? "8080", System.Globalization.CultureInfo.InvariantCulture);
var data = builder.Configuration["Mesh:Data"] ?? ".data";

builder.AddProject<Projects.Standalone>("checkout-mesh")
    .WithArgs("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data, "--Logging:LogLevel:Default=Information")
    .WithHttpEndpoint(port: port, name: "bff", isProxied: false)
    .WithHttpHealthCheck("/healthz", endpointName: "bff")
    .WithUrlForEndpoint("bff", url => url.DisplayText = "Storefront, API and traces (/dev/traces)");

await builder.Build().RunAsync();
