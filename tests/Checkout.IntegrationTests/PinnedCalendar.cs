namespace Checkout.IntegrationTests;

/// <summary>
/// The date the meshes under test live on. The promotion codes run until 2028-01-01, and a
/// test of a discount must not start failing that day: business time starts from this date
/// and moves on at the real pace, so deadlines and timers still work as on the real clock.
/// </summary>
public sealed class PinnedCalendar : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TimeSpan _offset = Start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
