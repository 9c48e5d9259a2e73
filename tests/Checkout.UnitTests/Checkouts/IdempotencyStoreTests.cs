using Checkout.Checkouts;
using Checkout.Platform.State;
using Outcome = Checkout.Checkouts.IdempotencyStore.Outcome;

namespace Checkout.UnitTests.Checkouts;

public sealed class IdempotencyStoreTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly IdempotencyStore _keys;

    public IdempotencyStoreTests() => _keys = new IdempotencyStore(new InMemoryStateStore(_clock), _clock, Microsoft.Extensions.Options.Options.Create(new RecoveryOptions { Grace = TimeSpan.FromMinutes(2) }));

    private async Task<Outcome> ClaimAsync(string hash) => (await _keys.ClaimAsync("CUST-1", "key-1", hash, CancellationToken.None)).Outcome;

    [Fact]
    public async Task The_first_claims_the_key_a_repeat_waits_then_replays()
    {
        Assert.Equal(Outcome.Claimed, await ClaimAsync("h"));
        Assert.Equal(Outcome.InProgress, await ClaimAsync("h"));

        await _keys.ResolveAsync("CUST-1", "key-1", keep: true, 201, "order"u8.ToArray(), CancellationToken.None);

        var (outcome, record) = await _keys.ClaimAsync("CUST-1", "key-1", "h", CancellationToken.None);
        Assert.Equal(Outcome.Completed, outcome);
        Assert.Equal(201, record!.HttpStatus);
        Assert.Equal("order"u8.ToArray(), record.ResponseBody);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_mismatch()
    {
        await ClaimAsync("h1");
        Assert.Equal(Outcome.Mismatch, await ClaimAsync("h2"));
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again()
    {
        await ClaimAsync("h");
        await _keys.ResolveAsync("CUST-1", "key-1", keep: false, 0, [], CancellationToken.None);
        Assert.Equal(Outcome.Claimed, await ClaimAsync("h"));
    }

    [Fact]
    public async Task A_claim_whose_request_died_before_its_submission_started_is_taken_over_after_the_grace()
    {
        await ClaimAsync("h");
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Outcome.InProgress, await ClaimAsync("h"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Outcome.Claimed, await ClaimAsync("h"));
        Assert.Equal(Outcome.Mismatch, await ClaimAsync("other"));
    }

    [Fact]
    public async Task Keys_belong_to_one_customer()
    {
        await ClaimAsync("h");
        Assert.Equal(Outcome.Claimed, (await _keys.ClaimAsync("CUST-2", "key-1", "other", CancellationToken.None)).Outcome);
    }
}
