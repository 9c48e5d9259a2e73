using System.Collections.Concurrent;

namespace Checkout.DaprSidecarDouble;

/// <summary>What crossed the wire between the apps and their sidecars, for tests to assert on.</summary>
public sealed class WireLog
{
    private readonly ConcurrentQueue<WireCall> _calls = new();

    public IReadOnlyList<WireCall> Calls => _calls.ToList();

    public void Add(WireCall call) => _calls.Enqueue(call);
}

/// <summary>One call an app made to its sidecar (or one delivery the sidecar made to an app).</summary>
public sealed record WireCall(
    string AppId,
    string Api,
    string? Store = null,
    string? Key = null,
    string? ETag = null,
    string? Concurrency = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    string? PubSub = null,
    string? Topic = null,
    string? ContentType = null,
    string? EventId = null,
    string? EventType = null,
    string? EventSource = null,
    string? TargetAppId = null,
    string? Path = null,
    string? Payload = null);
