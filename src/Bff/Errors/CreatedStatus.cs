namespace Checkout.Bff.Errors;

/// <summary>
/// JSON transcoding answers every success with 200. A call that created something marks
/// the request, and <see cref="ApiErrorMiddleware"/> (which holds the buffered response)
/// turns the 200 into 201 Created.
/// </summary>
public static class CreatedStatus
{
    public const string ItemKey = "checkout.created";
}
