using Checkout.Platform.State;

namespace Checkout.UnitTests.Platform;

public sealed class KeyFilterTests
{
    [Fact]
    public void A_key_given_is_never_reported_absent_and_one_never_given_is_until_given()
    {
        var filter = new KeyFilter();
        Assert.False(filter.MayHold("order:ORD-1"));

        filter.Add("order:ORD-1");

        Assert.True(filter.MayHold("order:ORD-1"));
        Assert.False(filter.MayHold("order:ORD-2"));
        Assert.False(filter.MayHold("order:ORD-1 "));
    }

    [Fact]
    public void At_300000_keys_fewer_than_one_in_250_keys_never_given_is_reported_as_maybe_held()
    {
        var filter = new KeyFilter();
        for (var i = 0; i < 300_000; i++)
        {
            filter.Add($"order:ORD-{i}");
        }

        var held = Enumerable.Range(0, 300_000).Count(i => filter.MayHold($"order:ORD-{i}"));
        var falselyHeld = Enumerable.Range(0, 100_000).Count(i => filter.MayHold($"customer:CUST-{i}"));

        Assert.Equal(300_000, held);
        Assert.InRange(falselyHeld, 0, 100_000 / 250);
    }
}
