using Checkout.Platform.State;

namespace Checkout.UnitTests.Platform;

public sealed class CommittedValuesTests
{
    private static StateItem Item(string key, string value, string etag) => new(key, System.Text.Encoding.UTF8.GetBytes(value), etag);

    private static (StateOperation, string, long?) Upserted(string key, string value, string etag, long? expiresAt = null) =>
        (StateOperation.Upsert(key, System.Text.Encoding.UTF8.GetBytes(value), etag), etag, expiresAt);

    [Fact]
    public void A_committed_value_is_kept_with_its_new_etag()
    {
        var values = new CommittedValues(1_000_000);

        values.Commit([Upserted("k", "v", "E1")]);

        Assert.True(values.TryGet("k", 0, out var kept));
        Assert.Equal("E1", kept!.ETag);
        Assert.False(values.TryGet("other", 0, out _));
    }

    [Fact]
    public void A_read_that_began_before_a_commit_does_not_put_back_the_value_the_commit_replaced()
    {
        var values = new CommittedValues(1_000_000);
        var beforeRead = values.Generation;
        values.Commit([Upserted("k", "new", "E2")]);

        values.TryKeep(Item("k", "old", "E1"), null, beforeRead);

        Assert.True(values.TryGet("k", 0, out var kept));
        Assert.Equal("E2", kept!.ETag);
    }

    [Fact]
    public void A_read_with_no_commit_since_is_kept()
    {
        var values = new CommittedValues(1_000_000);

        values.TryKeep(Item("k", "v", "E1"), null, values.Generation);

        Assert.True(values.TryGet("k", 0, out var kept));
        Assert.Equal("E1", kept!.ETag);
    }

    [Fact]
    public void An_absent_key_is_known_absent_until_a_commit_writes_it()
    {
        var values = new CommittedValues(1_000_000);

        values.TryKeepAbsent("k", values.Generation);
        Assert.True(values.TryGet("k", 0, out var absent));
        Assert.Null(absent);

        values.Commit([Upserted("k", "v", "E1")]);
        Assert.True(values.TryGet("k", 0, out var written));
        Assert.Equal("E1", written!.ETag);
    }

    [Fact]
    public void An_absence_read_before_a_commit_does_not_hide_what_the_commit_wrote()
    {
        var values = new CommittedValues(1_000_000);
        var beforeRead = values.Generation;
        values.Commit([Upserted("k", "v", "E1")]);

        values.TryKeepAbsent("k", beforeRead);

        Assert.True(values.TryGet("k", 0, out var kept));
        Assert.Equal("E1", kept!.ETag);
    }

    [Fact]
    public void A_delete_and_a_forgotten_key_are_no_longer_known()
    {
        var values = new CommittedValues(1_000_000);
        values.Commit([Upserted("a", "1", "E1"), Upserted("b", "2", "E2")]);

        values.Commit([(StateOperation.Delete("a", "E1"), string.Empty, null)]);
        var beforeForget = values.Generation;
        values.Forget(["b"]);
        values.TryKeep(Item("b", "2", "E2"), null, beforeForget);

        Assert.False(values.TryGet("a", 0, out _));
        Assert.False(values.TryGet("b", 0, out _));
        Assert.Equal(0, values.Bytes);
    }

    [Fact]
    public void A_kept_value_past_its_expiry_reads_as_absent()
    {
        var values = new CommittedValues(1_000_000);
        values.Commit([Upserted("k", "v", "E1", expiresAt: 100)]);

        Assert.True(values.TryGet("k", 99, out var before));
        Assert.NotNull(before);
        Assert.True(values.TryGet("k", 100, out var after));
        Assert.Null(after);
    }

    [Fact]
    public void A_value_costs_its_bytes_two_bytes_per_character_of_its_key_and_etag_and_a_fixed_overhead()
    {
        var values = new CommittedValues(1_000_000);

        values.Commit([Upserted("k", "", "")]);
        var overhead = values.Bytes - 2;
        values.Commit([Upserted("k", new string('x', 100), "")]);
        Assert.Equal(overhead + 2 + 100, values.Bytes);
        values.Commit([Upserted("k", "", "ETAG")]);
        Assert.Equal(overhead + 2 + 8, values.Bytes);
        values.Commit([Upserted("key", "", "")]);
        Assert.Equal(overhead + 10 + overhead + 6, values.Bytes);
        values.TryKeepAbsent("absent", values.Generation);
        Assert.Equal(overhead + 10 + overhead + 6 + overhead + 12, values.Bytes);
        Assert.InRange(overhead, 100, 500);
    }

    [Fact]
    public void Under_the_budget_nothing_is_dropped_and_over_it_a_quarter_is_freed()
    {
        var values = new CommittedValues(1_000_000);
        values.Commit([Upserted("k0", "", "")]);
        var entry = values.Bytes;
        var budget = 8 * entry;
        values = new CommittedValues(budget);

        for (var i = 0; i < 8; i++)
        {
            values.Commit([Upserted($"k{i}", "", "")]);
        }

        Assert.Equal(budget, values.Bytes);
        Assert.All(Enumerable.Range(0, 8), i => Assert.True(values.TryGet($"k{i}", 0, out _)));

        values.Commit([Upserted("k8", "", "")]);

        Assert.Equal(6 * entry, values.Bytes);
        Assert.True(values.TryGet("k8", 0, out _));
        Assert.Equal(6, Enumerable.Range(0, 9).Count(i => values.TryGet($"k{i}", 0, out _)));
    }

    [Fact]
    public void Memory_stays_within_the_budget()
    {
        const long budget = 10_000;
        var values = new CommittedValues(budget);

        for (var i = 0; i < 1_000; i++)
        {
            values.Commit([Upserted($"key-{i}", new string('x', 100), "E")]);
            Assert.InRange(values.Bytes, 1, budget);
        }

        Assert.True(values.TryGet("key-999", 0, out _));
    }

    [Fact]
    public void A_value_exactly_the_budget_is_kept()
    {
        var probe = new CommittedValues(1_000_000);
        probe.Commit([Upserted("k", "v", "E1")]);
        var values = new CommittedValues(probe.Bytes);

        values.Commit([Upserted("k", "v", "E1")]);

        Assert.True(values.TryGet("k", 0, out _));
    }

    [Fact]
    public void A_value_larger_than_the_budget_is_not_kept_and_drops_the_old_one()
    {
        var values = new CommittedValues(500);
        values.Commit([Upserted("k", "small", "E1")]);

        values.Commit([Upserted("k", new string('x', 1_000), "E2")]);

        Assert.False(values.TryGet("k", 0, out _));
        Assert.Equal(0, values.Bytes);
    }
}
