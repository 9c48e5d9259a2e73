using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Checkout.UnitTests;

/// <summary>A call context carrying an HttpContext the way grpc-dotnet finds one in tests (UserState "__HttpContext").</summary>
internal sealed class TestCallContext : ServerCallContext
{
    public DefaultHttpContext Http { get; } = new();

    protected override string MethodCore => "/checkout.bff.v1.OrderApiService/ListOrders";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:1";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore => [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override IDictionary<object, object> UserStateCore => field ??= new Dictionary<object, object> { ["__HttpContext"] = Http };

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
