using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Addresses;
using Checkout.Platform.Errors;
using Grpc.Core;

namespace Checkout.Checkouts;

/// <summary>
/// Checkout's gRPC surface: sessions, final pricing (<see cref="OrderPricer"/>), and the
/// submission saga (<see cref="SubmissionSaga"/>), which owns the order from the session
/// to its confirmation.
/// </summary>
public sealed class CheckoutGrpcService(SessionStore sessions, CatalogPrices prices, OrderPricer pricer, SubmissionSaga submissions, HeldOrders held, TimeProvider clock) : Contracts.Checkout.V1.CheckoutService.CheckoutServiceBase
{
    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        DomainErrors.Required(request.CustomerId, "customerId");
        if (request.Items.Count == 0)
        {
            throw DomainErrors.FailedPrecondition("CART_EMPTY", "Your cart is empty; add items before checking out.");
        }

        // What the session charges is Catalog's, whoever asked for it and whatever they sent.
        var priced = request.Clone();
        priced.Items.Clear();
        priced.Items.AddRange(await prices.PriceAsync(request.Items, context.CancellationToken));
        return new CreateSessionResponse { Session = await sessions.CreateAsync(priced, context.CancellationToken) };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context) =>
        new() { Session = await sessions.GetAsync(DomainErrors.Required(request.SessionId, "checkoutSessionId"), DomainErrors.Required(request.CustomerId, "customerId"), context.CancellationToken) };

    public override Task<CalculateTotalsResponse> CalculateTotals(CalculateTotalsRequest request, ServerCallContext context) =>
        pricer.PriceAsync(request, context.CancellationToken);

    public override async Task<SubmitOrderResponse> SubmitOrder(SubmitOrderRequest request, ServerCallContext context)
    {
        DomainErrors.Required(request.CustomerId, "customerId");
        DomainErrors.Required(request.SessionId, "checkoutSessionId");
        // The order keeps the addresses as verified: normalised, in a country that is shipped to.
        request.ShippingAddress = AddressVerification.Verify(request.ShippingAddress, "shippingAddress", shipping: true);
        if (request.BillingAddress is not null)
        {
            request.BillingAddress = AddressVerification.Verify(request.BillingAddress, "billingAddress", shipping: false);
        }

        var (order, replayed) = await submissions.SubmitAsync(request, context.CancellationToken);
        return new SubmitOrderResponse { Order = order, Replayed = replayed };
    }

    public override async Task<ListHeldOrdersResponse> ListHeldOrders(ListHeldOrdersRequest request, ServerCallContext context) =>
        new() { Orders = { await held.ListAsync(context.CancellationToken) } };

    public override async Task<ReviewHeldOrderResponse> ReviewHeldOrder(ReviewHeldOrderRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var reviewer = string.IsNullOrWhiteSpace(request.Reviewer) ? "unnamed reviewer" : request.Reviewer.Trim();
        return new ReviewHeldOrderResponse { Order = await submissions.ReviewAsync(orderId, request.Approve, reviewer, clock.GetUtcNow(), context.CancellationToken) };
    }
}
