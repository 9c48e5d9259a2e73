using System.Diagnostics.Metrics;
using Checkout.Platform.Telemetry;

namespace Checkout.Platform.State;

/// <summary>
/// What an app's embedded store commits: its SQLite transactions, and the callers' writes they
/// held, by outcome. Writes over commits is how many writes a commit shares (group commit);
/// writes per checkout is what a step's "fewer writes" saves. Its reads, by what answered them:
/// the values it keeps in memory, its filter of the keys the file may hold (a key never written
/// is absent), or the database. Under Dapr the sidecar counts its own.
/// </summary>
public sealed class StateMetrics
{
    private readonly Counter<long> _commits;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _reads;

    public static readonly KeyValuePair<string, object?> FromMemory = new("answered_from", "memory");
    public static readonly KeyValuePair<string, object?> FromKeyFilter = new("answered_from", "key_filter");
    public static readonly KeyValuePair<string, object?> FromDatabase = new("answered_from", "database");

    public StateMetrics(AppMeter meter)
    {
        _commits = meter.Meter.CreateCounter<long>("checkout.state.commits", description: "SQLite transactions the app's embedded state store committed.");
        _reads = meter.Meter.CreateCounter<long>("checkout.state.reads", description: "Keys the app's embedded state store was asked for, by what answered: memory (a value it keeps), key_filter (a key it never held), database (SQLite).");
        _writes = meter.Meter.CreateCounter<long>("checkout.state.writes", description: "Callers' writes (each all or nothing) the embedded state store answered, by outcome: committed, conflict (an ETag did not hold), failed (the transaction holding it failed).");
    }

    /// <summary>One transaction committed, holding <paramref name="committed"/> writes applied and <paramref name="conflicts"/> refused.</summary>
    public void Committed(int committed, int conflicts)
    {
        _commits.Add(1);
        Writes(committed, "committed");
        Writes(conflicts, "conflict");
    }

    /// <summary>One key read, answered from <paramref name="source"/> (<see cref="FromMemory"/>, <see cref="FromKeyFilter"/>, <see cref="FromDatabase"/>).</summary>
    public void Read(KeyValuePair<string, object?> source) => _reads.Add(1, source);

    /// <summary>A transaction failed: none of its <paramref name="writes"/> was committed.</summary>
    public void Failed(int writes) => Writes(writes, "failed");

    private void Writes(int count, string outcome)
    {
        if (count > 0)
        {
            _writes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
