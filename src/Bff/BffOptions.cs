namespace Checkout.Bff;

/// <summary>Settings of the BFF's flows (section "Bff").</summary>
public sealed class BffOptions
{
    public const string Section = "Bff";

    /// <summary>
    /// How long checkout initiation waits for the parts it can do without (promotions,
    /// loyalty) before it creates the session without them.
    /// </summary>
    public TimeSpan OptionalCallDeadline { get; set; } = TimeSpan.FromSeconds(1);
}
