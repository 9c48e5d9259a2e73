using YamlDotNet.RepresentationModel;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// The Dapr resources a sidecar loads: the same component and resiliency YAML daprd reads
/// from a run file's <c>resourcesPaths</c>, so the double behaves as configured, not as a test
/// would like. A component whose <c>scopes</c> leave an app out is not loaded for that app
/// (dapr pkg/runtime/authorizer <c>isComponentAuthorized</c>).
/// </summary>
public sealed record DaprResources(IReadOnlyList<StateComponent> StateStores, IReadOnlyList<PubSubComponent> PubSubs, DeliveryPolicy Delivery)
{
    /// <summary>The resiliency timeout of calls to each app (targets.apps.&lt;id&gt;.timeout).</summary>
    public IReadOnlyDictionary<string, TimeSpan> CallTimeouts { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Reads every *.yaml directly in each folder, multi-document files included, as daprd reads its resources paths (pkg/internal/loader/disk/manifest.go).</summary>
    public static DaprResources Load(params string[] folders)
    {
        var documents = folders.SelectMany(folder => Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)).SelectMany(Read).ToList();
        var components = documents.Where(d => Text(d, "kind") == "Component").ToList();
        var stores = components.Where(c => Text(c, "spec", "type")!.StartsWith("state.", StringComparison.Ordinal))
            .Select(c => new StateComponent(Text(c, "metadata", "name")!, Text(c, "spec", "type")!, Text(c, "spec", "version")!, Scopes(c)))
            .ToList();
        var pubsubs = components.Where(c => Text(c, "spec", "type")!.StartsWith("pubsub.", StringComparison.Ordinal))
            .Select(c => new PubSubComponent(
                Text(c, "metadata", "name")!,
                Text(c, "spec", "type")!,
                Text(c, "spec", "version") ?? "v1",
                Scopes(c),
                Metadata(c, "allowedTopics"),
                Metadata(c, "publishingScopes"),
                Metadata(c, "subscriptionScopes")))
            .ToList();
        var resiliency = documents.SingleOrDefault(d => Text(d, "kind") == "Resiliency");
        var callTimeouts = new Dictionary<string, TimeSpan>();
        if (resiliency?.Children.TryGetValue(new YamlScalarNode("spec"), out var spec) == true
            && ((YamlMappingNode)spec).Children.TryGetValue(new YamlScalarNode("targets"), out var targets)
            && ((YamlMappingNode)targets).Children.TryGetValue(new YamlScalarNode("apps"), out var targetApps))
        {
            foreach (var (app, target) in ((YamlMappingNode)targetApps).Children)
            {
                if (Text(target, "timeout") is { } name && DeliveryPolicy.ParseDuration(Text(spec, "policies", "timeouts", name)) is { } timeout)
                {
                    callTimeouts[app.ToString()] = timeout;
                }
            }
        }

        return new DaprResources(stores, pubsubs, DeliveryPolicy.From(resiliency, pubsubs.Select(p => p.Name))) { CallTimeouts = callTimeouts };
    }

    /// <summary>An in-code set of resources, for the double's own tests.</summary>
    public static DaprResources Of(StateComponent store, PubSubComponent? pubsub = null, DeliveryPolicy? delivery = null) =>
        new([store], pubsub is null ? [] : [pubsub], delivery ?? DeliveryPolicy.Unbounded);

    public IReadOnlyList<StateComponent> StateStoresOf(string appId) => StateStores.Where(s => s.LoadedBy(appId)).ToList();

    public IReadOnlyList<PubSubComponent> PubSubsOf(string appId) => PubSubs.Where(p => p.LoadedBy(appId)).ToList();

    private static IEnumerable<YamlMappingNode> Read(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    internal static string? Text(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return null;
            }

            node = next;
        }

        return (node as YamlScalarNode)?.Value;
    }

    private static IReadOnlyList<string> Scopes(YamlMappingNode component) =>
        component.Children.TryGetValue(new YamlScalarNode("scopes"), out var scopes) && scopes is YamlSequenceNode list
            ? list.Children.Select(s => s.ToString()).ToList()
            : [];

    private static string? Metadata(YamlMappingNode component, string name) =>
        component.Children.TryGetValue(new YamlScalarNode("spec"), out var spec)
        && ((YamlMappingNode)spec).Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata)
        && metadata is YamlSequenceNode items
            ? items.Children.FirstOrDefault(i => Text(i, "name") == name) is { } item ? Text(item, "value") : null
            : null;
}

/// <summary>A state store component: its name, type and version decide how it behaves.</summary>
public sealed record StateComponent(string Name, string Type, string Version, IReadOnlyList<string> Scopes)
{
    /// <summary>The profile of the store, as registered in dapr cmd/daprd/components (state.postgresql is v1 unless version: v2).</summary>
    public StoreKind Kind => (Type, Version) switch
    {
        ("state.sqlite", _) => StoreKind.Sqlite,
        ("state.postgresql", "v2") => StoreKind.PostgresV2,
        ("state.redis", _) => StoreKind.Redis,
        _ => throw new NotSupportedException($"The sidecar double models no {Type} {Version} store; see docs/dapr-semantics.md."),
    };

    /// <summary>What GetMetadata lists: the store's Features(), plus ACTOR since it has ETAG and TRANSACTIONAL (dapr pkg/runtime/runtime.go <c>getComponentsCapabilitesMap</c>).</summary>
    public static IReadOnlyList<string> Capabilities => ["ETAG", "TRANSACTIONAL", "TTL", "KEYS_LIKE", "ACTOR"];

    public bool LoadedBy(string appId) => Scopes.Count == 0 || Scopes.Contains(appId);
}

/// <summary>A pub/sub component with its topic scopes (dapr pkg/runtime/pubsub/scopes.go).</summary>
public sealed record PubSubComponent(string Name, string Type, string Version, IReadOnlyList<string> Scopes, string? AllowedTopics, string? PublishingScopes, string? SubscriptionScopes)
{
    public bool LoadedBy(string appId) => Scopes.Count == 0 || Scopes.Contains(appId);
}
