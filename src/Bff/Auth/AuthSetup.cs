using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Checkout.Bff.Auth;

public static partial class AuthSetup
{
    public static void AddCheckoutAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (!options.DevelopmentIssuer && string.IsNullOrWhiteSpace(options.Authority))
        {
            throw new InvalidOperationException("Set Auth:Authority (production) or Auth:DevelopmentIssuer=true (local runs).");
        }

        builder.Services.AddSingleton(options);
        DevelopmentTokenIssuer? issuer = null;
        if (options.DevelopmentIssuer)
        {
            issuer = new DevelopmentTokenIssuer(options, TimeProvider.System);
            builder.Services.AddSingleton(issuer);
        }

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                // Keep "sub" as "sub": the customer id is read from it.
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                if (issuer is not null)
                {
                    jwt.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = AuthOptions.DevelopmentIssuerName,
                        ValidAudience = options.Audience,
                        IssuerSigningKey = issuer.SigningKey,
                        ClockSkew = TimeSpan.FromSeconds(5),
                    };
                }
                else
                {
                    jwt.Authority = options.Authority;
                }
            });
        builder.Services.AddAuthorization();
    }

    /// <summary>POST /api/v1/dev/token: only mapped when the development issuer is on (404 otherwise).</summary>
    public static void MapDevelopmentTokenEndpoint(this WebApplication app)
    {
        if (app.Services.GetService<DevelopmentTokenIssuer>() is not { } issuer)
        {
            return;
        }

        app.MapPost("/api/v1/dev/token", async (DevTokenRequest? request, HttpContext context) =>
        {
            var customerId = request?.CustomerId?.Trim();
            if (string.IsNullOrEmpty(customerId) || !CustomerIdPattern().IsMatch(customerId))
            {
                await Errors.ApiError.FailAsync(context, StatusCodes.Status400BadRequest, "INVALID_CUSTOMER_ID", "customerId is required: letters, digits and dashes, at most 64.", "customerId");
                return;
            }

            await context.Response.WriteAsJsonAsync(new DevToken(issuer.Issue(customerId)), context.RequestAborted);
        })
            .WithName("IssueDevelopmentToken")
            .WithTags("Development")
            .WithSummary("Issue a development token.")
            .WithDescription("Only while the development issuer is on (never in production): a bearer token for any customer id, for trying the API.")
            .Accepts<DevTokenRequest>("application/json")
            .Produces<DevToken>();
    }

    public sealed record DevTokenRequest(string? CustomerId);

    public sealed record DevToken(string Token);

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex CustomerIdPattern();
}
