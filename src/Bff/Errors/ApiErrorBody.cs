namespace Checkout.Bff.Errors;

/// <summary>
/// The body of every failed /api call, written by <see cref="ApiErrorMiddleware"/> and
/// published in the OpenAPI document as <c>ApiError</c>.
/// </summary>
/// <param name="Success">Always false.</param>
/// <param name="Status">The HTTP status, repeated for clients that only see the body.</param>
/// <param name="Reason">Machine-readable, from the list in docs/errors.md (OUT_OF_STOCK, INVALID_QUANTITY, ...).</param>
/// <param name="Message">For people; never repeats more than a bounded part of the input.</param>
/// <param name="Field">The request field at fault, as the client spells it (quantity, shippingAddress.zipCode); absent when no one field is.</param>
/// <param name="TraceId">The request's trace id, as the server's logs and the X-Trace-Id header show it.</param>
public sealed record ApiErrorBody(bool Success, int Status, string Reason, string Message, string? Field, string TraceId);
