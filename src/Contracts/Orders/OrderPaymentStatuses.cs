namespace Checkout.Contracts.Orders;

/// <summary>The status of an order's payment as the order records it and the API shows it.</summary>
public static class OrderPaymentStatuses
{
    public const string Pending = "PENDING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    /// <summary>Held for a fraud reviewer; nothing charged yet.</summary>
    public const string InReview = "IN_REVIEW";

    public static readonly IReadOnlyList<string> All = [Pending, Completed, Failed, InReview];
}
