namespace Checkout.Platform.State;

/// <summary>
/// Key/value state with optimistic concurrency. Every write names the ETag it expects:
/// <see cref="ETags.MustNotExist"/> creates, <see cref="ETags.Any"/> overwrites
/// unconditionally, anything else must match the stored ETag. A failed condition
/// returns false and writes nothing.
/// </summary>
public interface IStateStore
{
    Task<StateItem?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads many keys in one round trip; missing keys are left out.</summary>
    Task<IReadOnlyList<StateItem>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken = default);

    /// <summary>Applies every operation or none: one failed ETag condition aborts all.</summary>
    Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default);
}

public sealed record StateItem(string Key, ReadOnlyMemory<byte> Value, string ETag);

public enum StateOperationKind
{
    Upsert,
    Delete,
}

public sealed record StateOperation(StateOperationKind Kind, string Key, ReadOnlyMemory<byte> Value, string ETag, TimeSpan? TimeToLive = null)
{
    public static StateOperation Upsert(string key, ReadOnlyMemory<byte> value, string etag, TimeSpan? timeToLive = null) =>
        new(StateOperationKind.Upsert, key, value, etag, timeToLive);

    public static StateOperation Delete(string key, string etag) =>
        new(StateOperationKind.Delete, key, ReadOnlyMemory<byte>.Empty, etag);
}

public static class ETags
{
    /// <summary>The write succeeds only if the key does not exist yet.</summary>
    public const string MustNotExist = "";

    /// <summary>The write succeeds whatever is stored (last write wins).</summary>
    public const string Any = "*";

    /// <summary>Whether a write expecting <paramref name="expected"/> may go ahead over what is stored (null: nothing).</summary>
    public static bool Holds(string? stored, string expected) => expected switch
    {
        Any => true,
        MustNotExist => stored is null,
        _ => stored == expected,
    };
}
