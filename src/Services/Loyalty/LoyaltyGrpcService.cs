using Checkout.Contracts.Loyalty.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Loyalty;

public sealed class LoyaltyGrpcService(IStateStore store) : LoyaltyService.LoyaltyServiceBase
{
    public const string DemoCustomerId = "CUST-12345";

    public override async Task<GetCheckoutBenefitsResponse> GetCheckoutBenefits(GetCheckoutBenefitsRequest request, ServerCallContext context)
    {
        var account = (await ReadAsync(RpcErrors.Required(request.CustomerId, "customerId"), context.CancellationToken)).Account;
        var benefits = LoyaltyRules.BenefitsOf(account.Tier);
        return new GetCheckoutBenefitsResponse
        {
            AvailablePoints = account.Points,
            PointsValue = MoneyExtensions.Cents(LoyaltyRules.ValueOf(account.Points)),
            Tier = account.Tier,
            TierBenefits = new TierBenefits { FreeShipping = benefits.FreeShipping, DiscountPercentage = benefits.DiscountPercentage },
        };
    }

    public override async Task<QuoteRedemptionResponse> QuoteRedemption(QuoteRedemptionRequest request, ServerCallContext context)
    {
        if (request.PointsWanted < 0)
        {
            throw RpcErrors.InvalidArgument("loyaltyPointsToUse", "loyaltyPointsToUse cannot be negative.");
        }

        var account = (await ReadAsync(RpcErrors.Required(request.CustomerId, "customerId"), context.CancellationToken)).Account;
        var used = LoyaltyRules.Redeemable(request.PointsWanted, account.Points, request.EligibleAmount?.MinorUnits ?? 0);
        return new QuoteRedemptionResponse { PointsUsed = used, Amount = MoneyExtensions.Cents(LoyaltyRules.ValueOf(used)) };
    }

    public override async Task<SettleOrderResponse> SettleOrder(SettleOrderRequest request, ServerCallContext context)
    {
        var orderId = RpcErrors.Required(request.OrderId, "orderId");
        var customerId = RpcErrors.Required(request.CustomerId, "customerId");
        while (true)
        {
            if (await store.GetJsonAsync<Settlement>(Settlement.Key(orderId), context.CancellationToken) is { } done)
            {
                return ToResponse(done.Value);
            }

            var (account, etag) = await ReadAsync(customerId, context.CancellationToken);
            if (request.PointsUsed > account.Points)
            {
                throw RpcErrors.Create(StatusCode.FailedPrecondition, "INSUFFICIENT_POINTS", $"{customerId} has {account.Points} points, not {request.PointsUsed}.");
            }

            var earned = LoyaltyRules.Earned(request.OrderTotal?.MinorUnits ?? 0);
            var settled = new Settlement(orderId, earned, request.PointsUsed, account.Points - request.PointsUsed + earned);
            if (await store.TryTransactAsync(
            [
                StateOperation.Upsert(LoyaltyAccount.Key(customerId), JsonStateExtensions.Serialize(account with { Points = settled.NewBalance }), etag),
                StateOperation.Upsert(Settlement.Key(orderId), JsonStateExtensions.Serialize(settled), ETags.MustNotExist),
            ], context.CancellationToken))
            {
                return ToResponse(settled);
            }
        }
    }

    /// <summary>A customer without an account is a bronze member with no points until their first settlement.</summary>
    private async Task<(LoyaltyAccount Account, string ETag)> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        var stored = await store.GetJsonAsync<LoyaltyAccount>(LoyaltyAccount.Key(customerId), cancellationToken);
        return stored is null ? (new LoyaltyAccount(customerId, "bronze", 0), ETags.MustNotExist) : (stored.Value, stored.ETag);
    }

    private static SettleOrderResponse ToResponse(Settlement settled) =>
        new() { PointsEarned = settled.PointsEarned, PointsUsed = settled.PointsUsed, NewBalance = settled.NewBalance };
}
