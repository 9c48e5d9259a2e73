using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Checkout.Bff.Auth;

/// <summary>
/// Signs short-lived HS256 tokens for local development and tests
/// (<c>POST /api/v1/dev/token</c>). Never on unless <see cref="AuthOptions.DevelopmentIssuer"/> is set.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    private readonly AuthOptions _options;
    private readonly TimeProvider _clock;

    public DevelopmentTokenIssuer(AuthOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        var key = string.IsNullOrWhiteSpace(options.DevelopmentSigningKey)
            ? RandomNumberGenerator.GetBytes(32)
            : Convert.FromBase64String(options.DevelopmentSigningKey);
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Auth:DevelopmentSigningKey must be at least 32 bytes (base64).");
        }

        SigningKey = new SymmetricSecurityKey(key);
    }

    public SymmetricSecurityKey SigningKey { get; }

    public string Issue(string customerId)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.DevelopmentIssuerName,
            Audience = _options.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, customerId)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.DevelopmentTokenLifetime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }
}
