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
            .Select(p => PromotionRules.EvaluateOne(p, usage.GetValueOrDefault(p.Code) ?? PromotionUsage.None, lines, request.CustomerId, now))
            .OrderByDescending(r => r.Applicable)
            .ThenByDescending(r => r.DiscountCents)
            .Select(ToProto));
        return response;
    }

    public override async Task<EvaluateCodesResponse> EvaluateCodes(EvaluateCodesRequest request, ServerCallContext context)
    {
        var codes = request.Codes.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        var usage = await UsageAsync(codes, context.CancellationToken);
        var results = PromotionRules.Evaluate(codes, PromotionCatalog.All, usage, Lines(request.Lines), request.CustomerId, clock.GetUtcNow());
        var response = new EvaluateCodesResponse();
        response.Promotions.AddRange(results.Select(ToProto));
        return response;
    }

    /// <summary>Counts each code once per order, however often the order retries.</summary>
    public override async Task<TrackUsageResponse> TrackUsage(TrackUsageRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            throw RpcErrors.InvalidArgument("orderId", "order_id is required.");
        }

        var codes = request.Codes.Select(c => c.Trim().ToUpperInvariant()).Where(PromotionCatalog.All.ContainsKey).Distinct().ToList();
        var marker = $"tracked:{request.OrderId}";
        while (codes.Count > 0 && await store.GetAsync(marker, context.CancellationToken) is null)
        {
            var operations = new List<StateOperation> { StateOperation.Upsert(marker, "1"u8.ToArray(), ETags.MustNotExist) };
            foreach (var code in codes)
            {
                var usage = await store.GetJsonAsync<PromotionUsage>(PromotionUsage.Key(code), context.CancellationToken);
                var updated = (usage?.Value ?? PromotionUsage.None).Add(request.CustomerId);
                operations.Add(StateOperation.Upsert(PromotionUsage.Key(code), JsonStateExtensions.Serialize(updated), usage?.ETag ?? ETags.MustNotExist));
            }

            if (await store.TryTransactAsync(operations, context.CancellationToken))
            {
                break;
            }
        }

        return new TrackUsageResponse();
    }

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
