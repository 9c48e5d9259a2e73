using Checkout.Contracts.Limits;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Loyalty;

public sealed class LoyaltyGrpcService(IStateStore store, TimeProvider clock) : LoyaltyService.LoyaltyServiceBase
{
    public override async Task<GetCheckoutBenefitsResponse> GetCheckoutBenefits(GetCheckoutBenefitsRequest request, ServerCallContext context)
    {
        var account = (await ReadAsync(DomainErrors.Required(request.CustomerId, "customerId"), context.CancellationToken)).Account;
        var benefits = LoyaltyRules.BenefitsOf(account.Tier);
        var available = account.Available(clock.GetUtcNow());
        return new GetCheckoutBenefitsResponse
        {
            AvailablePoints = available,
            PointsValue = MoneyExtensions.Cents(LoyaltyRules.ValueOf(available)),
            Tier = account.Tier,
            TierBenefits = new TierBenefits { FreeShipping = benefits.FreeShipping, DiscountPercentage = benefits.DiscountPercentage },
        };
    }

    public override async Task<QuoteRedemptionResponse> QuoteRedemption(QuoteRedemptionRequest request, ServerCallContext context)
    {
        if (request.PointsWanted < 0)
        {
            throw DomainErrors.InvalidArgument("loyaltyPointsToUse", "loyaltyPointsToUse cannot be negative.");
        }

        var account = (await ReadAsync(DomainErrors.Required(request.CustomerId, "customerId"), context.CancellationToken)).Account;
        var used = LoyaltyRules.Redeemable(request.PointsWanted, account.Available(clock.GetUtcNow()), request.EligibleAmount?.MinorUnits ?? 0);
        return new QuoteRedemptionResponse { PointsUsed = used, Amount = MoneyExtensions.Cents(LoyaltyRules.ValueOf(used)) };
    }

    public override async Task<HoldPointsResponse> HoldPoints(HoldPointsRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        if (request.Points <= 0)
        {
            throw DomainErrors.InvalidArgument("loyaltyPointsToUse", "Points to set aside must be more than 0.");
        }

        await store.UpdateAsync<bool>(async ct =>
        {
            var (account, etag) = await ReadAsync(customerId, ct);
            var now = clock.GetUtcNow();
            if (account.HeldBy.TryGetValue(orderId, out var held) && held.Points == request.Points)
            {
                return ([], true);
            }

            // Other orders' live holds are not available: the same points cannot pay twice.
            var available = account.Available(now, exceptOrderId: orderId);
            return available < request.Points
                ? throw InsufficientPoints(customerId, available, request.Points)
                : ([StateOperation.Upsert(LoyaltyAccount.Key(customerId), JsonStateExtensions.Serialize(account.Hold(orderId, request.Points, now + SubmissionHolds.HoldTime, now)), etag)], true);
        }, $"The loyalty account of {customerId}", context.CancellationToken);
        return new HoldPointsResponse();
    }

    public override async Task<ReleasePointsResponse> ReleasePoints(ReleasePointsRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        await store.UpdateAsync<bool>(async ct =>
        {
            var (account, etag) = await ReadAsync(customerId, ct);
            var released = account.Release(orderId);
            return (ReferenceEquals(released, account) ? [] : [StateOperation.Upsert(LoyaltyAccount.Key(customerId), JsonStateExtensions.Serialize(released), etag)], true);
        }, $"The loyalty account of {customerId}", context.CancellationToken);
        return new ReleasePointsResponse();
    }

    /// <summary>Spends the order's set-aside points and credits what it earned, once per order.</summary>
    public override async Task<SettleOrderResponse> SettleOrder(SettleOrderRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        var settled = await store.UpdateAsync(async ct =>
        {
            if (await store.GetJsonAsync<Settlement>(Settlement.Key(orderId), ct) is { } done)
            {
                return ([], done.Value);
            }

            var (account, etag) = await ReadAsync(customerId, ct);
            var available = account.Available(clock.GetUtcNow(), exceptOrderId: orderId);
            if (request.PointsUsed > available)
            {
                throw InsufficientPoints(customerId, available, request.PointsUsed);
            }

            var earned = LoyaltyRules.Earned(request.OrderTotal?.MinorUnits ?? 0);
            var settlement = new Settlement(orderId, earned, request.PointsUsed, account.Points - request.PointsUsed + earned);
            IReadOnlyList<StateOperation> writes =
            [
                StateOperation.Upsert(LoyaltyAccount.Key(customerId), JsonStateExtensions.Serialize(account.Release(orderId) with { Points = settlement.NewBalance }), etag),
                StateOperation.Upsert(Settlement.Key(orderId), JsonStateExtensions.Serialize(settlement), ETags.MustNotExist),
            ];
            return (writes, settlement);
        }, $"The loyalty account of {customerId}", context.CancellationToken);
        return ToResponse(settled);
    }

    private static DomainException InsufficientPoints(string customerId, int available, int wanted) =>
        DomainErrors.FailedPrecondition("INSUFFICIENT_POINTS", $"{customerId} has {available} points available, not {wanted}.");

    /// <summary>A customer without an account is a bronze member with no points until their first settlement.</summary>
    private async Task<(LoyaltyAccount Account, string ETag)> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        var stored = await store.GetJsonAsync<LoyaltyAccount>(LoyaltyAccount.Key(customerId), cancellationToken);
        return stored is null ? (new LoyaltyAccount(customerId, "bronze", 0), ETags.MustNotExist) : (stored.Value, stored.ETag);
    }

    private static SettleOrderResponse ToResponse(Settlement settled) =>
        new() { PointsEarned = settled.PointsEarned, PointsUsed = settled.PointsUsed, NewBalance = settled.NewBalance };
}
