using System.Security.Cryptography;
using Google.Protobuf;

namespace Checkout.Contracts.Versions;

/// <summary>
/// The cart's entity tag: a hash of the cart as Cart serves it, so the BFF (which shows it)
/// and Cart (which checks a change's <c>If-Match</c> in the same write as the change) derive
/// the same tag from the same cart, with no version field to keep.
/// </summary>
public static class CartETags
{
    public static string Of(Cart.V1.Cart cart) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(cart.ToByteArray()), 0, 12) + "\"";

    /// <summary>
    /// Whether a change conditioned on <paramref name="ifMatch"/> (an If-Match header: empty for
    /// none, <c>*</c>, or a list of tags) may apply to a cart whose tag is <paramref name="current"/>.
    /// Strong comparison, as RFC 9110 asks of If-Match: a weak tag never matches.
    /// </summary>
    public static bool Matches(string ifMatch, string current) =>
        string.IsNullOrWhiteSpace(ifMatch)
        || ifMatch.Split(',').Select(t => t.Trim()).Any(tag => tag == "*" || tag == current);
}
