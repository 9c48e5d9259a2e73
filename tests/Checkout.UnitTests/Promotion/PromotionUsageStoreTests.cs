using Checkout.Contracts.Promotion.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Checkout.Promotion;
using Microsoft.Extensions.Time.Testing;

namespace Checkout.UnitTests.Promotion;

/// <summary>How Promotion stores the usage of a code: the code's record does not grow with the customers who use it.</summary>
public sealed class PromotionUsageStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStateStore _state = new();
    private readonly PromotionGrpcService _promotions;

    public PromotionUsageStoreTests() => _promotions = new PromotionGrpcService(_state, _clock);

    [Fact]
    public async Task A_codes_record_stays_the_same_size_however_many_customers_use_it()
    {
        var sizes = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            await UseAsync("WELCOME10", $"ORD-{i}", $"CUST-{i}");
            sizes.Add((await _state.GetAsync(PromotionUsage.Key("WELCOME10")))!.Value.Length);
        }

        var usage = (await _state.GetJsonAsync<PromotionUsage>(PromotionUsage.Key("WELCOME10")))!.Value;
        Assert.Equal(30, usage.Total);
        Assert.Empty(usage.ByCustomer);
        Assert.Single(sizes.Skip(9).Distinct());
        Assert.Equal(1, (await _state.GetJsonAsync<CustomerUses>(CustomerUses.Key("WELCOME10", "CUST-7")))!.Value.Count);
    }

    [Fact]
    public async Task A_once_per_customer_code_is_refused_to_whoever_used_it_and_offered_to_the_others()
    {
        await UseAsync("WELCOME10", "ORD-1", "CUST-1");

        var again = await Assert.ThrowsAsync<DomainException>(() => _promotions.HoldUsage(Hold("ORD-2", "CUST-1", "WELCOME10"), new TestCallContext()));
        Assert.Equal("PROMOTION_NOT_APPLICABLE", again.Reason);
        await _promotions.HoldUsage(Hold("ORD-3", "CUST-2", "WELCOME10"), new TestCallContext());

        Assert.False(Single(await EvaluateAsync("CUST-1", "WELCOME10")).Applicable);
        Assert.True(Single(await EvaluateAsync("CUST-9", "WELCOME10")).Applicable);
    }

    [Fact]
    public async Task Counting_the_same_order_twice_counts_it_once()
    {
        await UseAsync("WELCOME10", "ORD-1", "CUST-1");
        await _promotions.TrackUsage(new TrackUsageRequest { OrderId = "ORD-1", CustomerId = "CUST-1", Codes = { "WELCOME10" } }, new TestCallContext());

        Assert.Equal(1, (await _state.GetJsonAsync<PromotionUsage>(PromotionUsage.Key("WELCOME10")))!.Value.Total);
        Assert.Equal(1, (await _state.GetJsonAsync<CustomerUses>(CustomerUses.Key("WELCOME10", "CUST-1")))!.Value.Count);
    }

    [Fact]
    public async Task A_record_stored_with_every_customers_count_still_counts_them()
    {
        await _state.TrySaveJsonAsync(PromotionUsage.Key("WELCOME10"), new PromotionUsage(1, new Dictionary<string, int> { ["CUST-OLD"] = 1 }), ETags.MustNotExist);

        await Assert.ThrowsAsync<DomainException>(() => _promotions.HoldUsage(Hold("ORD-1", "CUST-OLD", "WELCOME10"), new TestCallContext()));
        await UseAsync("WELCOME10", "ORD-2", "CUST-NEW");

        var usage = (await _state.GetJsonAsync<PromotionUsage>(PromotionUsage.Key("WELCOME10")))!.Value;
        Assert.Equal((2, 1), (usage.Total, usage.ByThisCustomer("CUST-OLD")));
        Assert.False(Single(await EvaluateAsync("CUST-OLD", "WELCOME10")).Applicable);
    }

    private async Task UseAsync(string code, string orderId, string customerId)
    {
        await _promotions.HoldUsage(Hold(orderId, customerId, code), new TestCallContext());
        await _promotions.TrackUsage(new TrackUsageRequest { OrderId = orderId, CustomerId = customerId, Codes = { code } }, new TestCallContext());
    }

    private static HoldUsageRequest Hold(string orderId, string customerId, string code) => new() { OrderId = orderId, CustomerId = customerId, Codes = { code } };

    private async Task<EvaluateCodesResponse> EvaluateAsync(string customerId, string code)
    {
        var request = new EvaluateCodesRequest { CustomerId = customerId, Codes = { code } };
        request.Lines.Add(new PromotionLine { Sku = "SKU-1", Category = "audio", Quantity = 1, UnitPrice = MoneyExtensions.Cents(10_000) });
        return await _promotions.EvaluateCodes(request, new TestCallContext());
    }

    private static AppliedPromotion Single(EvaluateCodesResponse response) => Assert.Single(response.Promotions);
}
