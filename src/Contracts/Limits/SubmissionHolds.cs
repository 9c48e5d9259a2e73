namespace Checkout.Contracts.Limits;

/// <summary>
/// How long a submission may hold what it takes before it is paid: stock, a promotion's
/// limited uses, loyalty points. Each hold is given back at once when the payment fails,
/// and lapses after this long if nothing ever settles it.
/// </summary>
public static class SubmissionHolds
{
    public static readonly TimeSpan HoldTime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after a submission began a reviewer may approve its payment held for a fraud
    /// review: short enough that the charge and the confirmation end well inside
    /// <see cref="HoldTime"/>. An order not decided by then is released, nothing charged.
    /// </summary>
    public static readonly TimeSpan ReviewWindow = TimeSpan.FromMinutes(10);
}
