using Checkout.Platform.Hosting;

namespace Checkout.Payment.Gateway;

/// <summary>
/// The simulated gateway's public endpoint, as Stripe's <c>POST /v1/tokens</c>: the customer's
/// browser or app sends the card here, never to the shop, and gets a token the shop's API
/// saves (<c>POST /api/v1/payment-methods</c>). Served only on Payment's public HTTP/1.1 port
/// (<see cref="ServiceHost.PublicPortKey"/>), to any web origin, as a gateway's is. The body is
/// neither logged nor kept: only what <see cref="CardNumbers.Check"/> lets out is stored.
/// </summary>
public static class TokenizationEndpoint
{
    public const string Path = "/gateway/v1/tokens";

    private const string CorsPolicy = "gateway";

    public sealed record TokenRequest(string? Number, int ExpMonth, int ExpYear, string? Cvc);

    public sealed record TokenResponse(string Token, string Brand, string Last4, int ExpMonth, int ExpYear);

    public static void AddCardTokenization(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayTokens>();
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("POST").WithHeaders("Content-Type")));
    }

    public static void MapCardTokenization(this WebApplication app)
    {
        if (app.Configuration.GetValue<int?>(ServiceHost.PublicPortKey) is not { } port)
        {
            return;
        }

        app.UseListenerPaths(port, "/gateway");
        app.UseCors();
        app.MapPost(Path, async (TokenRequest request, GatewayTokens tokens, TimeProvider clock, CancellationToken ct) =>
        {
            var (card, refusal) = CardNumbers.Check(request.Number, request.ExpMonth, request.ExpYear, request.Cvc, clock.GetUtcNow());
            if (card is null)
            {
                return Results.BadRequest(new { error = refusal });
            }

            var token = await tokens.IssueAsync(card, ct);
            return Results.Json(new TokenResponse(token, card.Brand, card.Last4, card.ExpMonth, card.ExpYear), statusCode: StatusCodes.Status201Created);
        }).RequireCors(CorsPolicy);
    }
}
