using YamlDotNet.RepresentationModel;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// A Dapr Configuration's <c>accessControl</c>, as the callee's daprd applies it to a service
/// invocation it proxies to its app (dapr pkg/messaging/grpc_proxy.go, then pkg/acl/acl.go
/// <c>ApplyAccessControlPolicies</c>): the caller is the app id in its mTLS certificate's
/// SPIFFE id, here <c>spiffe://public/ns/default/&lt;caller&gt;</c> (Dapr on Kubernetes with
/// its default trust domain and namespace). No policy for the caller, or another trust
/// domain or namespace: the global default action. A policy's operation: its action;
/// no operation matches: the policy's default action. gRPC calls match without a verb.
/// Operation names are matched as written or with one trailing <c>/*</c> (any method of a
/// service); a Configuration using other wildcards is refused here rather than guessed at.
/// </summary>
public sealed class AccessControl
{
    public const string TrustDomain = "public";
    public const string Namespace = "default";

    private readonly string _defaultAction;

    /// <summary>By caller app id and namespace (acl.go <c>getKeyForAppID</c>: appID||namespace).</summary>
    private readonly Dictionary<(string AppId, string Namespace), Policy> _policies;

    private sealed record Policy(string DefaultAction, string TrustDomain, IReadOnlyList<(string Operation, string Action)> Operations);

    private AccessControl(string defaultAction, Dictionary<(string AppId, string Namespace), Policy> policies)
    {
        _defaultAction = defaultAction;
        _policies = policies;
    }

    /// <summary>The access control of a Configuration file (null: none, everything allowed).</summary>
    public static AccessControl? Load(string configurationFile)
    {
        using var reader = new StreamReader(configurationFile);
        var yaml = new YamlStream();
        yaml.Load(reader);
        if (Child(Child(yaml.Documents[0].RootNode, "spec"), "accessControl") is not YamlMappingNode spec)
        {
            return null;
        }

        var policies = new Dictionary<(string AppId, string Namespace), Policy>();
        foreach (YamlMappingNode policy in (Child(spec, "policies") as YamlSequenceNode)?.Children ?? [])
        {
            var operations = ((Child(policy, "operations") as YamlSequenceNode)?.Children ?? [])
                .Select(o => (Normalise(DaprResources.Text(o, "name")!), DaprResources.Text(o, "action") ?? string.Empty))
                .ToList();
            // acl.go ParseAccessControlSpec: a policy without trust domain or namespace fails the whole spec.
            var appId = DaprResources.Text(policy, "appId");
            var trustDomain = DaprResources.Text(policy, "trustDomain") ?? throw new InvalidDataException($"Policy of {appId} has no trustDomain.");
            var ns = DaprResources.Text(policy, "namespace") ?? throw new InvalidDataException($"Policy of {appId} has no namespace.");
            policies[(appId!, ns)] = new Policy(DaprResources.Text(policy, "defaultAction") ?? string.Empty, trustDomain, operations);
        }

        // acl.go: no default action with policies given is deny.
        var defaultAction = DaprResources.Text(spec, "defaultAction") is { Length: > 0 } given ? given.ToLowerInvariant() : policies.Count > 0 ? "deny" : "allow";
        return new AccessControl(defaultAction, policies);
    }

    /// <summary>Whether <paramref name="caller"/> may call <paramref name="operation"/> (a gRPC path) on the callee.</summary>
    public bool Allows(string caller, string operation)
    {
        var action = _defaultAction;
        if (!_policies.TryGetValue((caller, Namespace), out var policy) || policy.TrustDomain != TrustDomain)
        {
            return Allowed(action);
        }

        if (policy.DefaultAction.Length > 0)
        {
            action = policy.DefaultAction;
        }

        var operationPath = Normalise(operation);
        foreach (var (pattern, operationAction) in policy.Operations)
        {
            if (pattern == operationPath || (pattern.EndsWith("/*", StringComparison.Ordinal) && operationPath.StartsWith(pattern[..^1], StringComparison.Ordinal) && !operationPath[(pattern.Length - 1)..].Contains('/', StringComparison.Ordinal)))
            {
                action = operationAction;
                break;
            }
        }

        return Allowed(action);
    }

    /// <summary>The message daprd answers a denied call with (PermissionDenied).</summary>
    public static string Denied(string caller, string operation) =>
        $"access control policy has denied access to id: spiffe://{TrustDomain}/ns/{Namespace}/{caller} operation: {operation} verb: NONE";

    private static bool Allowed(string action) => string.Equals(action, "allow", StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string operation)
    {
        var path = operation.StartsWith('/') ? operation : "/" + operation;
        if (path.Contains('*', StringComparison.Ordinal) && (!path.EndsWith("/*", StringComparison.Ordinal) || path[..^2].Contains('*', StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"Operation {operation}: the double matches exact names and a trailing /* only.");
        }

        return path;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
