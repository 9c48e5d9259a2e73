using System.Text.Json;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests.ForeignClients;

/// <summary>
/// A gRPC client in another language (Node.js, @grpc/grpc-js, tools/grpc-client/check.mjs)
/// compiles the repository's protos, calls every domain service, checks health by service
/// name and decodes the standard error details. It needs Node.js and <c>npm ci</c> in
/// tools/grpc-client: .ci/run installs both and sets CHECKOUT_FOREIGN_CLIENTS=required, so
/// in CI the test fails rather than skips when they are missing.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class NodeGrpcClientTests(MeshFixture mesh)
{
    [SkippableFact]
    public async Task A_nodejs_client_calls_every_domain_service_and_reads_standard_error_details()
    {
        var tool = NodeTool.Require("grpc-client", "Run `npm ci` in tools/grpc-client (Node.js 20+) to run the Node.js gRPC client.", "node_modules/@grpc/grpc-js");
        var addresses = mesh.Mesh.Addresses.Where(a => a.Key != AppIds.Bff).ToDictionary(a => a.Key, a => new Uri(a.Value).Authority);

        await NodeTool.RunAsync(tool, TimeSpan.FromMinutes(2), "check.mjs", JsonSerializer.Serialize(addresses));
    }
}
