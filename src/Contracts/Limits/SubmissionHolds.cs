namespace Checkout.Contracts.Limits;

/// <summary>
/// How long a submission may hold what it takes before it is paid: stock, a promotion's
/// limited uses, loyalty points. Each hold is given back at once when the payment fails,
/// and lapses after this long if nothing ever settles it.
/// </summary>
public static class SubmissionHolds
{
    public static readonly TimeSpan HoldTime = TimeSpan.FromMinutes(15);
}
