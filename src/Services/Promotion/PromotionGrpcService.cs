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
        var usage = await UsageAsync(current.Select(p => p.Code), request.CustomerId, context.CancellationToken);
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
        var usage = (await UsageAsync(codes, request.CustomerId, context.CancellationToken)).ToDictionary(u => u.Key, u => u.Value.AsOf(now), StringComparer.OrdinalIgnoreCase);
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
        }, customerId, marker: null, context.CancellationToken, also: heldCodes);
        return new HoldUsageResponse();
    }

    public override async Task<ReleaseUsageResponse> ReleaseUsage(ReleaseUsageRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var held = await store.GetJsonAsync<HeldCodes>(HeldCodes.Key(orderId), context.CancellationToken);
        await ChangeUsageAsync(held?.Value.Codes ?? [], $"The usage of the codes of {orderId}", (_, usage, _) => usage.Release(orderId), customerId: null, marker: null, context.CancellationToken);
        return new ReleaseUsageResponse();
    }

    /// <summary>Counts each code once per order, however often the order retries; the order's hold becomes the use.</summary>
    public override async Task<TrackUsageResponse> TrackUsage(TrackUsageRequest request, ServerCallContext context)
    {
        var orderId = DomainErrors.Required(request.OrderId, "orderId");
        var customerId = DomainErrors.Required(request.CustomerId, "customerId");
        await ChangeUsageAsync(KnownCodes(request.Codes), $"The usage of {string.Join(", ", request.Codes)}", (_, usage, _) => usage.Add(orderId, customerId), customerId, marker: $"tracked:{orderId}", context.CancellationToken);
        return new TrackUsageResponse();
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the usage of every code in one transaction, as the
    /// limits see it for <paramref name="customerId"/> (their paid uses added in, and written
    /// back apart); with a <paramref name="marker"/>, only once (the marker is written with the change).
    /// </summary>
    private Task ChangeUsageAsync(IReadOnlyList<string> codes, string what, Func<string, PromotionUsage, DateTimeOffset, PromotionUsage> change, string? customerId, string? marker, CancellationToken cancellationToken, StateOperation? also = null) =>
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
                var usage = stored?.Value ?? PromotionUsage.None;
                var theirs = customerId is null ? null : await store.GetJsonAsync<CustomerUses>(CustomerUses.Key(code, customerId), ct);
                var current = customerId is null ? usage : usage.For(customerId, theirs?.Value.Count ?? 0);
                var next = change(code, current, now);
                if (ReferenceEquals(next, current))
                {
                    continue;
                }

                // The code's record keeps only what it stored itself; the customer's paid uses go to their own.
                writes.Add(StateOperation.Upsert(PromotionUsage.Key(code), JsonStateExtensions.Serialize(next with { ByCustomer = usage.ByCustomer }), stored?.ETag ?? ETags.MustNotExist));
                if (customerId is not null && next.ByThisCustomer(customerId) - usage.ByThisCustomer(customerId) is var count && count != (theirs?.Value.Count ?? 0))
                {
                    writes.Add(StateOperation.Upsert(CustomerUses.Key(code, customerId), JsonStateExtensions.Serialize(new CustomerUses(count)), theirs?.ETag ?? ETags.MustNotExist));
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

    /// <summary>The usage of each code that has any, as the limits see it for <paramref name="customerId"/>: two keys a code, one read.</summary>
    private async Task<Dictionary<string, PromotionUsage>> UsageAsync(IEnumerable<string> codes, string customerId, CancellationToken cancellationToken)
    {
        var known = codes.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        var theirs = !string.IsNullOrEmpty(customerId);
        var stored = (await store.GetManyAsync([.. known.Select(PromotionUsage.Key), .. theirs ? known.Select(c => CustomerUses.Key(c, customerId)) : []], cancellationToken))
            .ToDictionary(s => s.Key, StringComparer.Ordinal);
        var usage = new Dictionary<string, PromotionUsage>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in known)
        {
            var main = stored.GetValueOrDefault(PromotionUsage.Key(code));
            var uses = theirs ? stored.GetValueOrDefault(CustomerUses.Key(code, customerId)) : null;
            if (main is null && uses is null)
            {
                continue;
            }

            var codeUsage = main is null ? PromotionUsage.None : Deserialize<PromotionUsage>(main);
            usage[code] = uses is null ? codeUsage : codeUsage.For(customerId, Deserialize<CustomerUses>(uses).Count);
        }

        return usage;
    }

    private static T Deserialize<T>(StateItem item) => System.Text.Json.JsonSerializer.Deserialize<T>(item.Value.Span, JsonStateExtensions.Options)!;

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
