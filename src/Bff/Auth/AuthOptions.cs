namespace Checkout.Bff.Auth;

/// <summary>
/// JWT settings (section "Auth"). Production sets <see cref="Authority"/> (an OpenID
/// Connect issuer) and <see cref="Audience"/>. The standalone mode turns on the
/// development issuer, which signs tokens itself with <see cref="DevelopmentSigningKey"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string DevelopmentIssuerName = "checkout-dev";

    public string? Authority { get; set; }

    public string Audience { get; set; } = "checkout-api";

    public bool DevelopmentIssuer { get; set; }

    /// <summary>Base64, at least 32 bytes. When empty the development issuer makes a random key per run.</summary>
    public string? DevelopmentSigningKey { get; set; }

    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
