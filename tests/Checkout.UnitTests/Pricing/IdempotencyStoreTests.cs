using Checkout.CheckoutService;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.State;
using Google.Protobuf;

namespace Checkout.UnitTests.Pricing;

public sealed class IdempotencyStoreTests
{
    private readonly IdempotencyStore _keys = new(new InMemoryStateStore());

    private Task<ClaimIdempotencyKeyResponse> ClaimAsync(string hash) => _keys.ClaimAsync("CUST-1", "key-1", hash, CancellationToken.None);

    [Fact]
    public async Task The_first_claims_the_key_a_repeat_waits_then_replays()
    {
        Assert.Equal(IdempotencyOutcome.Claimed, (await ClaimAsync("h")).Outcome);
        Assert.Equal(IdempotencyOutcome.InProgress, (await ClaimAsync("h")).Outcome);

        await _keys.ResolveAsync(new ResolveIdempotencyKeyRequest { CustomerId = "CUST-1", Key = "key-1", Keep = true, HttpStatus = 201, ResponseBody = ByteString.CopyFromUtf8("order") }, CancellationToken.None);

        var replay = await ClaimAsync("h");
        Assert.Equal(IdempotencyOutcome.Completed, replay.Outcome);
        Assert.Equal(201, replay.HttpStatus);
        Assert.Equal("order", replay.ResponseBody.ToStringUtf8());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_mismatch()
    {
        await ClaimAsync("h1");
        Assert.Equal(IdempotencyOutcome.Mismatch, (await ClaimAsync("h2")).Outcome);
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again()
    {
        await ClaimAsync("h");
        await _keys.ResolveAsync(new ResolveIdempotencyKeyRequest { CustomerId = "CUST-1", Key = "key-1", Keep = false }, CancellationToken.None);
        Assert.Equal(IdempotencyOutcome.Claimed, (await ClaimAsync("h")).Outcome);
    }

    [Fact]
    public async Task Keys_belong_to_one_customer()
    {
        await ClaimAsync("h");
        Assert.Equal(IdempotencyOutcome.Claimed, (await _keys.ClaimAsync("CUST-2", "key-1", "other", CancellationToken.None)).Outcome);
    }
}
