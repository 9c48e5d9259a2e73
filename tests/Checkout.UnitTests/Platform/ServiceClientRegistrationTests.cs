using Checkout.Contracts.Cart.V1;
using Checkout.Platform.Calls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Checkout.UnitTests.Platform;

public sealed class ServiceClientRegistrationTests
{
    [Fact]
    public void A_service_client_connects_through_a_handler_that_neither_follows_redirects_nor_keeps_cookies()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        var client = services.AddServiceClient<CartService.CartServiceClient>("cart", requiredForReadiness: false);
        using var provider = services.BuildServiceProvider();

        using var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client.Name);
        var sockets = Innermost(handler) as SocketsHttpHandler;

        Assert.NotNull(sockets);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.False(sockets.UseCookies);
        // What Grpc.Net.ClientFactory sets on the handler it creates is kept.
        Assert.True(sockets.EnableMultipleHttp2Connections);
    }

    private static HttpMessageHandler Innermost(HttpMessageHandler handler) =>
        handler is DelegatingHandler { InnerHandler: { } inner } ? Innermost(inner) : handler;
}
