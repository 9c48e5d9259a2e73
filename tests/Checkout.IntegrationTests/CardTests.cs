using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Checkout.Contracts.Payment.V1;
using Checkout.Payment.Fraud;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>
/// Saved cards the way real shops take them (README, "Cards"): the client sends the card to the
/// gateway's tokenization endpoint, the shop's API saves the token; the number is kept nowhere
/// in the mesh. Expired cards are not offered and are refused; a card paying for too many
/// customers is declined by the fraud checks.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class CardTests(MeshFixture mesh)
{
    private readonly HttpClient _gateway = new() { BaseAddress = new Uri(mesh.Mesh.GatewayAddress) };

    [Fact]
    public async Task A_card_entered_at_the_gateway_is_saved_as_a_token_pays_and_its_number_is_kept_nowhere()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        var number = NewCardNumber();
        var token = await TokenizeAsync(number);

        var saved = await (await shopper.Client.PostAsJsonAsync("/api/v1/payment-methods", new { token })).ReadAsync(HttpStatusCode.Created);
        var id = saved.GetProperty("id").GetString()!;
        Assert.StartsWith("pm_", id, StringComparison.Ordinal);
        Assert.Equal(("visa", number[^4..], 12, 2031, true, false), (saved.GetProperty("brand").GetString(), saved.GetProperty("last4").GetString(), saved.GetProperty("expMonth").GetInt32(), saved.GetProperty("expYear").GetInt32(), saved.GetProperty("isDefault").GetBoolean(), saved.GetProperty("testCard").GetBoolean()));
        // A token saves one card, once.
        await (await shopper.Client.PostAsJsonAsync("/api/v1/payment-methods", new { token })).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_TOKEN");

        var listed = (await (await shopper.Client.GetAsync("/api/v1/payment-methods")).ReadAsync(HttpStatusCode.OK)).GetProperty("paymentMethods");
        Assert.Equal(id, listed[0].GetProperty("id").GetString());
        Assert.True(listed.EnumerateArray().Skip(1).All(c => c.GetProperty("testCard").GetBoolean()));

        await shopper.AddAsync("PROD-10023", "SKU-10023-01");
        var initiated = await (await shopper.InitiateAsync()).ReadAsync(HttpStatusCode.OK);
        var offered = initiated.GetProperty("customer").GetProperty("paymentMethods").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(id, offered[0]);
        var order = await (await shopper.SubmitAsync(Shopper.Body(initiated.GetProperty("checkoutSessionId").GetString()!, id))).ReadAsync(HttpStatusCode.Created);
        Assert.Equal(number[^4..], order.GetProperty("payment").GetProperty("last4").GetString());

        // Nowhere in any app's state (their records and the events in their outboxes), nor in any span.
        var state = await Task.WhenAll(Directory.EnumerateFiles(mesh.Mesh.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".owner", StringComparison.Ordinal)) // empty, and locked by the store that owns the file
            .Select(async file => Encoding.ASCII.GetString(await ReadSharedAsync(file))));
        Assert.Contains(state, text => text.Contains(id, StringComparison.Ordinal)); // the saved card is there, so the state is being read
        Assert.DoesNotContain(state, text => text.Contains(number, StringComparison.Ordinal));

        foreach (var (traceId, _, _) in mesh.Mesh.Traces.Traces(RecentTracesCapacity))
        {
            Assert.DoesNotContain(mesh.Mesh.Traces.Trace(traceId).SelectMany(s => s.Tags.Values.Append(s.Name)), text => text.Contains(number, StringComparison.Ordinal));
        }

        // Removed, it pays no more; removing it again changes nothing; a test card is not the customer's to remove.
        var left = (await (await shopper.Client.DeleteAsync($"/api/v1/payment-methods/{id}")).ReadAsync(HttpStatusCode.OK)).GetProperty("paymentMethods");
        Assert.DoesNotContain(left.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        await (await shopper.Client.DeleteAsync($"/api/v1/payment-methods/{id}")).ReadAsync(HttpStatusCode.OK);
        await (await shopper.Client.DeleteAsync("/api/v1/payment-methods/PM-TEST-VISA")).ErrorAsync(HttpStatusCode.BadRequest, "TEST_CARD");
        await shopper.AddAsync("PROD-10023", "SKU-10023-01");
        await (await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), id))).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_PAYMENT_METHOD");
    }

    [Theory]
    [InlineData("4242 4242 4242 4241", 12, 2031, "123", "invalid_number", "number")] // Luhn
    [InlineData("9999 9999 9999 9995", 12, 2031, "123", "invalid_number", "number")] // no brand
    [InlineData("4242 4242 4242 4242", 13, 2031, "123", "invalid_expiry_month", "expMonth")]
    [InlineData("4242 4242 4242 4242", 1, 2024, "123", "expired_card", "expYear")]
    [InlineData("3782 822463 10005", 12, 2031, "123", "invalid_cvc", "cvc")] // Amex codes are four digits
    public async Task The_gateway_refuses_what_is_not_a_usable_card_naming_the_parameter(string number, int expMonth, int expYear, string cvc, string code, string param)
    {
        using var response = await _gateway.PostAsJsonAsync("/gateway/v1/tokens", new { number, expMonth, expYear, cvc });
        var error = (await response.ReadAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal((code, param), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.DoesNotContain(number, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_app_on_another_origin_may_call_the_gateway_but_not_its_other_methods()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/gateway/v1/tokens");
        preflight.Headers.Add("Origin", "http://localhost:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await _gateway.SendAsync(preflight);
        Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // Behind a proxy the Host header is the shop's own name: the port decides, not the header.
        using var proxied = new HttpRequestMessage(HttpMethod.Post, "/gateway/v1/tokens") { Content = JsonContent.Create(new { number = "4242424242424242", expMonth = 12, expYear = 2031, cvc = "123" }) };
        proxied.Headers.Host = "pay.example.com";
        (await (await _gateway.SendAsync(proxied)).ReadAsync(HttpStatusCode.Created)).GetProperty("token").GetString();

        // The gateway's port serves tokenization only: the services' gRPC is not there.
        using var other = await _gateway.GetAsync("/checkout.payment.v1.PaymentService/GetPayment");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task An_expired_card_is_not_offered_at_initiation_and_is_refused_at_submit()
    {
        using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-10023", "SKU-10023-01");
        var initiated = await (await shopper.InitiateAsync()).ReadAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(initiated.GetProperty("customer").GetProperty("paymentMethods").EnumerateArray(), c => c.GetProperty("id").GetString() == "PM-TEST-EXPIRED");
        var listed = (await (await shopper.Client.GetAsync("/api/v1/payment-methods")).ReadAsync(HttpStatusCode.OK)).GetProperty("paymentMethods");
        Assert.True(listed.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "PM-TEST-EXPIRED").GetProperty("expired").GetBoolean());

        var session = initiated.GetProperty("checkoutSessionId").GetString()!;
        using var refused = await shopper.SubmitAsync(Shopper.Body(session, "PM-TEST-EXPIRED"));
        var error = await refused.ReadAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("CARD_EXPIRED", "paymentMethod"), (error.GetProperty("reason").GetString(), error.GetProperty("field").GetString()));
        await (await shopper.SubmitAsync(Shopper.Body(session))).ReadAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_card_saved_by_more_customers_than_the_limit_is_declined_as_fraud_for_the_next()
    {
        var number = NewCardNumber();
        var outcomes = new List<HttpStatusCode>();
        string? lastOrder = null;
        for (var i = 0; i < 4; i++)
        {
            using var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
            var card = (await (await shopper.Client.PostAsJsonAsync("/api/v1/payment-methods", new { token = await TokenizeAsync(number) })).ReadAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
            await shopper.AddAsync("PROD-10023", "SKU-10023-01");
            using var submitted = await shopper.SubmitAsync(Shopper.Body(await shopper.InitiateSessionAsync(), card));
            outcomes.Add(submitted.StatusCode);
            if (i == 3)
            {
                await submitted.ErrorAsync(HttpStatusCode.BadRequest, "FRAUD_SUSPECTED");
                lastOrder = (await (await shopper.Client.GetAsync("/api/v1/orders")).ReadAsync(HttpStatusCode.OK)).GetProperty("orders")[0].GetProperty("orderId").GetString();
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.BadRequest], outcomes);
        var payment = (await new PaymentService.PaymentServiceClient(mesh.Channel(AppIds.Payment)).GetPaymentAsync(new GetPaymentRequest { OrderId = lastOrder })).Payment;
        Assert.Equal(PaymentStatus.FraudDeclined, payment.Status);
        Assert.Contains(FraudSignals.CardShared, payment.Risk.Reasons);
    }

    private const int RecentTracesCapacity = Platform.Telemetry.RecentTraces.Capacity;

    private async Task<string> TokenizeAsync(string number)
    {
        using var response = await _gateway.PostAsJsonAsync("/gateway/v1/tokens", new { number, expMonth = 12, expYear = 2031, cvc = "123" });
        var token = await response.ReadAsync(HttpStatusCode.Created);
        Assert.Equal(number[^4..], token.GetProperty("last4").GetString());
        return token.GetProperty("token").GetString()!;
    }

    /// <summary>A Visa number of this test alone (its fingerprint has no history), not ending like a test card the gateway treats specially.</summary>
    private static string NewCardNumber()
    {
        while (true)
        {
            var body = "4" + string.Concat(Enumerable.Range(0, 14).Select(_ => RandomNumberGenerator.GetInt32(10)));
            var number = body + Enumerable.Range(0, 10).Select(d => body + d).First(Payment.Gateway.CardNumbers.LuhnValid)[^1];
            if (number[^4..] is not ("0002" or "9995" or "0119" or "9235" or "0019"))
            {
                return number;
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }
}
