using Checkout.Contracts.Limits;
using Checkout.Contracts.Promotion.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;

namespace Checkout.Promotion;

public sealed class PromotionGrpcService(IStateStore store, TimeProvider clock) : PromotionService.PromotionServiceBase
{
    public override async Task<GetApplicablePromotionsResponse> GetApplicablePromotions(GetApplicablePromotionsRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var lines = Lines(request.Lines);
        var current = PromotionCatalog.All.Values.Where(p => p.ValidFrom <= now && now < p.ValidUntil).ToList();
        var usage = await UsageAsync(current.Select(p => p.Code), context.CancellationToken);
        var response = new GetApplicablePromotionsResponse();
        response.Promotions.AddRange(current
            .Select(p => PromotionRules.EvaluateOne(p, (usage.GetValueOrDefault(p.Code) ?? PromotionUsage.None).AsOf(now), lines, request.CustomerId, now))
            .OrderByDescending(r => r.Applicable)
            .ThenByDescending(r => r.DiscountCents)
            .Select(ToProto));
        return response;
    }

    public override async Task<EvaluateCodesResponse> EvaluateCodes(EvaluateCodesRequest request, ServerCallContext context)
    {
        var codes = request.Codes.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        var now = clock.GetUtcNow();
        var usage = (await UsageAsync(codes, context.CancellationToken)).ToDictionary(u => u.Key, u => u.Value.AsOf(now), StringComparer.OrdinalIgnoreCase);
        var results = PromotionRules.Evaluate(codes, PromotionCatalog.All, usage, Lines(request.Lines), request.CustomerId, now);
        var response = new EvaluateCodesResponse();
        response.Promotions.AddRange(results.Select(ToProto));
        return response;
    }

    public override async Task<HoldUsageResponse> HoldUsage(HoldUsageRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        var codes = KnownCodes(request.Codes);
        // The order's held codes, written with the holds, so a release needs only the order id.
        var heldCodes = StateOperation.Upsert(HeldCodes.Key(orderId), JsonStateExtensions.Serialize(new HeldCodes(codes)), ETags.Any, SubmissionHolds.HoldTime + TimeSpan.FromDays(1));
        await ChangeUsageAsync(codes, $"The usage of {string.Join(", ", codes)}", (code, usage, now) =>
        {
            if (usage.HeldBy.ContainsKey(orderId))
            {
                return usage;
            }

            // The limits count every other order's live hold: the last use goes to one order only.
            return PromotionRules.LimitReached(PromotionCatalog.All[code], usage.AsOf(now, exceptOrderId: orderId), customerId) is { } reason
                ? throw DomainErrors.FailedPrecondition("PROMOTION_NOT_APPLICABLE", reason)
                : usage.Hold(orderId, customerId, now + SubmissionHolds.HoldTime, now);
        }, marker: null, context.CancellationToken, also: heldCodes);
        return new HoldUsageResponse();
    }

    public override async Task<ReleaseUsageResponse> ReleaseUsage(ReleaseUsageRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var held = await store.GetJsonAsync<HeldCodes>(HeldCodes.Key(orderId), context.CancellationToken);
        await ChangeUsageAsync(held?.Value.Codes ?? [], $"The usage of the codes of {orderId}", (_, usage, _) => usage.Release(orderId), marker: null, context.CancellationToken);
        return new ReleaseUsageResponse();
    }

    /// <summary>Counts each code once per order, however often the order retries; the order's hold becomes the use.</summary>
    public override async Task<TrackUsageResponse> TrackUsage(TrackUsageRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        await ChangeUsageAsync(KnownCodes(request.Codes), $"The usage of {string.Join(", ", request.Codes)}", (_, usage, _) => usage.Add(orderId, customerId), marker: $"tracked:{orderId}", context.CancellationToken);
        return new TrackUsageResponse();
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the usage of every code in one transaction; with a
    /// <paramref name="marker"/>, only once (the marker is written with the change).
    /// </summary>
    private Task ChangeUsageAsync(IReadOnlyList<string> codes, string what, Func<string, PromotionUsage, DateTimeOffset, PromotionUsage> change, string? marker, CancellationToken cancellationToken, StateOperation? also = null) =>
        codes.Count == 0 ? Task.CompletedTask : store.UpdateAsync<bool>(async ct =>
        {
            if (marker is not null && await store.GetAsync(marker, ct) is not null)
            {
                return ([], false);
            }

            var now = clock.GetUtcNow();
            var writes = new List<StateOperation>();
            if (marker is not null)
            {
                writes.Add(StateOperation.Upsert(marker, "1"u8.ToArray(), ETags.MustNotExist));
            }

            foreach (var code in codes)
            {
                var stored = await store.GetJsonAsync<PromotionUsage>(PromotionUsage.Key(code), ct);
                var current = stored?.Value ?? PromotionUsage.None;
                var next = change(code, current, now);
                if (!ReferenceEquals(next, current))
                {
                    writes.Add(StateOperation.Upsert(PromotionUsage.Key(code), JsonStateExtensions.Serialize(next), stored?.ETag ?? ETags.MustNotExist));
                }
            }

            if (also is not null && writes.Count > 0)
            {
                writes.Add(also);
            }

            return (writes, true);
        }, what, cancellationToken);

    private static List<string> KnownCodes(IEnumerable<string> codes) =>
        codes.Select(c => c.Trim().ToUpperInvariant()).Where(PromotionCatalog.All.ContainsKey).Distinct().Order(StringComparer.Ordinal).ToList();

    private async Task<Dictionary<string, PromotionUsage>> UsageAsync(IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var keys = codes.Select(c => PromotionUsage.Key(c.Trim().ToUpperInvariant())).Distinct().ToList();
        var stored = await store.GetManyAsync(keys, cancellationToken);
        return stored.ToDictionary(
            s => s.Key["usage:".Length..],
            s => System.Text.Json.JsonSerializer.Deserialize<PromotionUsage>(s.Value.Span, JsonStateExtensions.Options)!,
            StringComparer.OrdinalIgnoreCase);
    }

    private static List<PromotionLineItem> Lines(IEnumerable<PromotionLine> lines) =>
        lines.Select(l => new PromotionLineItem(l.Sku, l.Category, (l.UnitPrice?.MinorUnits ?? 0) * l.Quantity)).ToList();

    private static AppliedPromotion ToProto(PromotionResult result) => new()
    {
        Code = result.Code,
        Description = result.Description,
        Discount = MoneyExtensions.Cents(result.DiscountCents),
        Applicable = result.Applicable,
        Reason = result.Reason,
    };
}
