namespace Checkout.Contracts.Limits;

/// <summary>
/// Limits of a cart that are part of the public contract: the BFF refuses requests
/// beyond them with a 400 naming the field, and Cart enforces them again.
/// </summary>
public static class CartLimits
{
    /// <summary>The most units of one line (one product, SKU and warehouse).</summary>
    public const int MaxQuantityPerLine = 99;

    /// <summary>The most lines in one cart.</summary>
    public const int MaxLines = 100;

    /// <summary>
    /// The one check of a line's quantity (at least <paramref name="minimum"/>, at most
    /// <see cref="MaxQuantityPerLine"/>): why it is refused, or null when it is fine.
    /// </summary>
    public static string? QuantityProblem(int quantity, int minimum) =>
        quantity < minimum || quantity > MaxQuantityPerLine
            ? $"quantity must be between {minimum} and {MaxQuantityPerLine}, not {quantity}."
            : null;
}
