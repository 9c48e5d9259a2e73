using System.Net;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Hosting;
using Checkout.Standalone;
using CheckoutClient = Checkout.Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient;

namespace Checkout.IntegrationTests;

/// <summary>A second submit of a session while the first is being paid: 409 SESSION_BUSY, with Retry-After, over real HTTP.</summary>
public sealed class BusySessionTests : OwnMesh
{
    protected override MeshOptions Configure(MeshOptions options) => options with
    {
        AppConfiguration = new Dictionary<string, IReadOnlyDictionary<string, string?>>
        {
            // Payment answers late, so the first submission stays in flight while the second arrives.
            [AppIds.Payment] = new Dictionary<string, string?> { [LatencyInjectionInterceptor.ConfigurationKey] = "2000" },
        },
    };

    [Fact]
    public async Task A_submit_of_a_session_being_submitted_is_409_session_busy_with_retry_after()
    {
        using var shopper = await ShopperAsync();
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001");
        var session = await shopper.InitiateSessionAsync();
        var first = shopper.SubmitAsync(Shopper.Body(session));
        await SubmittingAsync(shopper.CustomerId, session);

        var second = await shopper.SubmitAsync(Shopper.Body(session));

        await second.ErrorAsync(HttpStatusCode.Conflict, "SESSION_BUSY");
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);
        await (await first).ReadAsync(HttpStatusCode.Created);
    }

    /// <summary>Waits until Checkout records the session as being submitted (the first submit has locked it).</summary>
    private async Task SubmittingAsync(string customerId, string sessionId)
    {
        var checkout = new CheckoutClient(Channel(AppIds.Checkout));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await checkout.GetSessionAsync(new GetSessionRequest { SessionId = sessionId, CustomerId = customerId }, cancellationToken: timeout.Token)).Session.Status != SessionStatus.Submitting)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
