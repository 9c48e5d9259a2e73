using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Pricing;
using Checkout.Contracts.Promotion.V1;
using Checkout.Contracts.Shipping.V1;
using Checkout.Platform.Addresses;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;

namespace Checkout.Checkouts;

/// <summary>
/// Prices a session for submission: promotions (a code that does not apply is refused),
/// the tier discount, loyalty points, shipping and tax, assembled by <see cref="PricingCalculator"/>.
/// </summary>
public sealed class OrderPricer(
    SessionStore sessions,
    PromotionService.PromotionServiceClient promotions,
    LoyaltyService.LoyaltyServiceClient loyalty,
    ShippingService.ShippingServiceClient shipping)
{
    public async Task<CalculateTotalsResponse> PriceAsync(CalculateTotalsRequest request, CancellationToken ct)
    {
        // Tax and shipping depend on the destination: an address that does not verify is never priced.
        var destination = AddressVerification.Verify(request.ShippingAddress, "shippingAddress", shipping: true);
        var session = await sessions.GetAsync(DomainErrors.Required(request.SessionId, "checkoutSessionId"), DomainErrors.Required(request.CustomerId, "customerId"), ct);
        if (request.LoyaltyPointsToUse < 0)
        {
            throw DomainErrors.InvalidArgument("loyaltyPointsToUse", "loyaltyPointsToUse cannot be negative.");
        }

        var subtotal = session.Subtotal.MinorUnits;
        var customer = session.Customer ?? new CustomerSnapshot();

        var promotionTask = EvaluatePromotionsAsync(session, request.PromotionCodes, ct);
        var shippingTask = shipping.QuoteShippingAsync(new QuoteShippingRequest
        {
            Destination = destination,
            Subtotal = session.Subtotal,
            FreeShipping = customer.FreeShipping,
        }, cancellationToken: ct).ResponseAsync;
        await Task.WhenAll(promotionTask, shippingTask);

        var quote = shippingTask.Result.Quotes.FirstOrDefault(q => string.Equals(q.Method, request.ShippingMethod, StringComparison.OrdinalIgnoreCase))
            ?? throw DomainErrors.InvalidArgument("shippingMethod", $"shippingMethod must be one of {string.Join(", ", shippingTask.Result.Quotes.Select(q => q.Method))}.");

        var discounts = new List<PricingCalculator.Discount>(promotionTask.Result);
        var afterPromotions = PricingCalculator.AfterPromotions(subtotal, discounts);
        var tier = PricingCalculator.TierDiscount(afterPromotions, customer.TierDiscountPercentage);
        if (tier > 0)
        {
            discounts.Add(new PricingCalculator.Discount(DiscountTypes.Tier, customer.Tier, null, tier));
        }

        if (request.LoyaltyPointsToUse > 0)
        {
            var redemption = await loyalty.QuoteRedemptionAsync(new QuoteRedemptionRequest
            {
                CustomerId = request.CustomerId,
                PointsWanted = request.LoyaltyPointsToUse,
                EligibleAmount = MoneyExtensions.Cents(afterPromotions - tier),
            }, cancellationToken: ct);
            if (redemption.PointsUsed > 0)
            {
                discounts.Add(new PricingCalculator.Discount(DiscountTypes.LoyaltyPoints, null, redemption.PointsUsed, redemption.Amount.MinorUnits));
            }
        }

        var taxRate = TaxTable.RateFor(destination.Country, destination.State);
        var totals = PricingCalculator.Assemble(subtotal, discounts, quote.Cost.MinorUnits, taxRate);
        return new CalculateTotalsResponse { Totals = ToProto(totals), EstimatedDelivery = quote.EstimatedDelivery };
    }

    /// <summary>The requested codes' discounts; a code that does not apply is refused, not silently dropped.</summary>
    private async Task<IReadOnlyList<PricingCalculator.Discount>> EvaluatePromotionsAsync(CheckoutSession session, IEnumerable<string> codes, CancellationToken ct)
    {
        var requested = codes.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (requested.Count == 0)
        {
            return [];
        }

        var evaluate = new EvaluateCodesRequest { CustomerId = session.CustomerId };
        evaluate.Codes.AddRange(requested);
        evaluate.Lines.AddRange(session.Items.Select(i => new PromotionLine { ProductId = i.ProductId, Sku = i.Sku, Category = i.Category, Quantity = i.Quantity, UnitPrice = i.UnitPrice }));
        var result = await promotions.EvaluateCodesAsync(evaluate, cancellationToken: ct);
        var refused = result.Promotions.Where(p => !p.Applicable).ToList();
        if (refused.Count > 0)
        {
            throw DomainErrors.FailedPrecondition("PROMOTION_NOT_APPLICABLE", string.Join(" ", refused.Select(p => p.Reason)));
        }

        return result.Promotions.Select(p => new PricingCalculator.Discount(DiscountTypes.Promotion, p.Code, null, p.Discount.MinorUnits)).ToList();
    }

    private static OrderTotals ToProto(PricingCalculator.Totals totals)
    {
        var proto = new OrderTotals
        {
            Subtotal = MoneyExtensions.Cents(totals.SubtotalCents),
            TotalDiscounts = MoneyExtensions.Cents(totals.TotalDiscountsCents),
            Shipping = MoneyExtensions.Cents(totals.ShippingCents),
            Tax = MoneyExtensions.Cents(totals.TaxCents),
            Total = MoneyExtensions.Cents(totals.TotalCents),
        };
        proto.Discounts.AddRange(totals.Discounts.Select(d => new Discount
        {
            Type = d.Type,
            Code = d.Code ?? string.Empty,
            PointsUsed = d.PointsUsed ?? 0,
            Amount = MoneyExtensions.Cents(d.AmountCents),
        }));
        return proto;
    }
}
