namespace Checkout.DaprSidecarDouble;

/// <summary>
/// A pub/sub component's topic rules as daprd applies them (dapr pkg/scopes/scopes.go
/// <c>GetScopedTopics</c>, pkg/runtime/pubsub/adapter.go <c>IsOperationAllowed</c>):
/// <c>allowedTopics</c> binds every app; an app named in <c>publishingScopes</c> or
/// <c>subscriptionScopes</c> may use only the topics listed for it ("app=" allows none); an app
/// not named there is not restricted by it.
/// </summary>
public static class TopicScopes
{
    public static bool MayPublish(PubSubComponent pubsub, string appId, string topic) => Allowed(pubsub, pubsub.PublishingScopes, appId, topic);

    public static bool MaySubscribe(PubSubComponent pubsub, string appId, string topic) => Allowed(pubsub, pubsub.SubscriptionScopes, appId, topic);

    private static bool Allowed(PubSubComponent pubsub, string? scopes, string appId, string topic)
    {
        var allowed = List(pubsub.AllowedTopics);
        if (allowed.Count > 0 && !allowed.Contains(topic))
        {
            return false;
        }

        return !Parse(scopes).TryGetValue(appId, out var own) || own.Contains(topic);
    }

    /// <summary>"app1=t1,t2;app2=t3", spaces removed; an entry without '=' is skipped.</summary>
    private static Dictionary<string, List<string>> Parse(string? value)
    {
        var scoped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in (value ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Split(';'))
        {
            var parts = entry.Split('=');
            if (parts.Length >= 2)
            {
                scoped[parts[0]] = [.. parts[1].Split(',')];
            }
        }

        return scoped;
    }

    private static List<string> List(string? value) =>
        string.IsNullOrEmpty(value) ? [] : [.. value.Replace(" ", string.Empty, StringComparison.Ordinal).Split(',')];
}
