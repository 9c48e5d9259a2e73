using System.Security.Cryptography;
using Checkout.Platform.State;

namespace Checkout.Payment.Gateway;

/// <summary>
/// The simulated gateway's card tokens (key <c>gateway-token:{token}</c>, standing for the
/// gateway's own records like its charge ledger): what it learned of a card, kept an hour
/// for the shop's server to save, once (<see cref="PaymentVault.AddFromTokenAsync"/>).
/// </summary>
public sealed class GatewayTokens(IStateStore store)
{
    /// <summary>How long a token may wait to be saved, as a real gateway's token expires.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public static string Key(string token) => $"gateway-token:{token}";

    public async Task<string> IssueAsync(CardDetails card, CancellationToken cancellationToken)
    {
        var token = $"tok_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
        await store.TrySaveJsonAsync(Key(token), card, ETags.MustNotExist, Lifetime, cancellationToken);
        return token;
    }
}
