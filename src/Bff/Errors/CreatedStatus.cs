namespace Checkout.Bff.Errors;

/// <summary>
/// JSON transcoding answers every success with 200. A call that created something marks
/// the request with its status (201 Created, or 202 Accepted when what it placed still waits
/// for a decision), and <see cref="ApiErrorMiddleware"/> turns the 200 into it
/// before the response starts.
/// </summary>
public static class CreatedStatus
{
    public const string ItemKey = "checkout.created";
}
