using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Checkout.Bff;
using Checkout.Platform.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Checkout.IntegrationTests;

[Collection(MeshCollection.Name)]
public sealed class AuthTests(MeshFixture mesh)
{
    public static TheoryData<string, string> CartCalls => new()
    {
        { "GET", "/api/v1/cart" },
        { "POST", "/api/v1/cart/items" },
        { "PUT", "/api/v1/cart/items/CART_ITEM-001" },
        { "DELETE", "/api/v1/cart/items/CART_ITEM-001" },
    };

    [Theory]
    [MemberData(nameof(CartCalls))]
    public async Task Every_cart_call_without_a_token_is_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { quantity = 1 }) };
        await (await mesh.Anonymous.SendAsync(request)).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var forged = Token(new SymmetricSecurityKey("a-different-key-of-at-least-32-bytes"u8.ToArray()), DateTime.UtcNow.AddHours(1));
        using var client = MeshFixture.Authorized(mesh.Mesh.BffAddress, forged);

        var message = await (await client.GetAsync("/api/v1/cart")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("not valid", message);
    }

    [Fact]
    public async Task An_expired_token_is_401_and_says_so()
    {
        var expired = Token(new SymmetricSecurityKey(Convert.FromBase64String(MeshFixture.SigningKey)), DateTime.UtcNow.AddMinutes(-5));
        using var client = MeshFixture.Authorized(mesh.Mesh.BffAddress, expired);

        var message = await (await client.GetAsync("/api/v1/cart")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("expired", message);
    }

    [Fact]
    public async Task A_valid_token_made_with_the_same_key_is_accepted()
    {
        var valid = Token(new SymmetricSecurityKey(Convert.FromBase64String(MeshFixture.SigningKey)), DateTime.UtcNow.AddMinutes(5));
        using var client = MeshFixture.Authorized(mesh.Mesh.BffAddress, valid);

        var cart = (await (await client.GetAsync("/api/v1/cart")).ReadAsync(HttpStatusCode.OK)).GetProperty("cart");
        Assert.Equal("CUST-FORGE", cart.GetProperty("customerId").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"customerId": "not valid!"}""")]
    public async Task The_development_issuer_wants_a_customer_id(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var message = await (await mesh.Anonymous.PostAsync("/api/v1/dev/token", content)).ErrorAsync(HttpStatusCode.BadRequest, "INVALID_CUSTOMER_ID");
        Assert.Contains("customerId", message);
    }

    [Fact]
    public async Task The_development_issuer_is_404_when_it_is_off()
    {
        var port = MeshFixture.FreePorts(["bff"])["bff"];
        await using var bff = BffApp.Build(["--urls", $"http://127.0.0.1:{port}"], new HostOverrides
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Auth:Authority"] = "https://login.example.com/",
                ["Auth:DevelopmentIssuer"] = "false",
                ["Services:catalog"] = mesh.Mesh.Addresses[AppIds.Catalog],
                ["Services:cart"] = mesh.Mesh.Addresses[AppIds.Cart],
            },
        });
        await bff.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await (await client.PostAsJsonAsync("/api/v1/dev/token", new { customerId = "CUST-12345" })).ErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/v1/products/PROD-12345")).ReadAsync(HttpStatusCode.OK);
        await bff.StopAsync();
    }

    [Fact]
    public async Task The_standalone_runners_development_issuer_turns_off_from_the_command_line()
    {
        await using var own = await Standalone.Mesh.StartAsync(MeshFixture.Options("checkout-noissuer-") with
        {
            Arguments = ["--Auth:DevelopmentIssuer=false", "--Auth:Authority=https://login.example.com/"],
        });
        using var client = new HttpClient { BaseAddress = new Uri(own.BffAddress) };

        await (await client.PostAsJsonAsync("/api/v1/dev/token", new { customerId = "CUST-12345" })).ErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/v1/products/PROD-12345")).ReadAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("CUST-0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task A_token_whose_subject_is_blank_or_longer_than_an_id_names_nobody(string subject)
    {
        var token = Token(new SymmetricSecurityKey(Convert.FromBase64String(MeshFixture.SigningKey)), DateTime.UtcNow.AddMinutes(5), subject);
        using var client = MeshFixture.Authorized(mesh.Mesh.BffAddress, token);

        await (await client.GetAsync("/api/v1/cart")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    private static string Token(SecurityKey key, DateTime expires, string subject = "CUST-FORGE") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "checkout-dev",
        Audience = "checkout-api",
        Subject = new ClaimsIdentity([new Claim("sub", subject)]),
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });
}
