namespace Checkout.Payment.Gateway;

/// <summary>When a card expires: it is good through the last day of its expiry month (UTC).</summary>
public static class CardExpiry
{
    public static bool Passed(int expMonth, int expYear, DateTimeOffset now) =>
        now >= new DateTimeOffset(expYear, expMonth, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
}
