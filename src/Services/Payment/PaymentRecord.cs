namespace Checkout.Payment;

/// <summary>
/// The payment of one order (key <c>payment:{orderId}</c>). It is created before the
/// gateway is called, so a second attempt for the same order finds it and never charges again.
/// </summary>
public sealed record PaymentRecord(string OrderId, string CustomerId, string PaymentMethodId, string Method, string Last4, long AmountCents, string Status, string? TransactionId, string? FailureReason)
{
    public const string Pending = "PENDING";

    public static string Key(string orderId) => $"payment:{orderId}";
}
