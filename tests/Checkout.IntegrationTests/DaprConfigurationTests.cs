using System.Text.RegularExpressions;
using Checkout.Contracts.Events;
using Checkout.Platform.Events;
using Checkout.Platform.Hosting;
using Checkout.Platform.State;
using YamlDotNet.RepresentationModel;

namespace Checkout.IntegrationTests;

/// <summary>dapr.yaml, dapr.slim.yaml, components/ and deploy/ parse, and agree with each other, with the README and with the code.</summary>
public sealed partial class DaprConfigurationTests
{
    private static readonly HashSet<string> Services = AppIds.DefaultPorts.Keys.Where(id => id != AppIds.Bff).ToHashSet();

    private static readonly string[] Subscribers = [AppIds.Analytics, AppIds.Bff, AppIds.Cart, AppIds.Customer, AppIds.Inventory, AppIds.Notification, AppIds.Order, AppIds.Shipping];

    public static TheoryData<string> RunFiles => ["dapr.yaml", "dapr.slim.yaml"];

    [Theory]
    [MemberData(nameof(RunFiles))]
    public void The_run_file_lists_every_app_as_the_code_knows_it_and_starts_it_without_building(string runFile)
    {
        var run = DaprConfiguration.Document(runFile);
        Assert.Null(run.Get("common", "resourcesPath"));
        Assert.Equal("statestore", run.Text("common", "env", "Checkout__Dapr__StateStore"));
        Assert.Equal("pubsub", run.Text("common", "env", "Checkout__Dapr__PubSub"));

        var apps = run.Items("apps").ToDictionary(a => a.Text("appID")!);
        Assert.Equal(AppIds.DefaultPorts.Keys.Order(), apps.Keys.Order());
        foreach (var (appId, app) in apps)
        {
            Assert.Equal(AppIds.DefaultPorts[appId].ToString(System.Globalization.CultureInfo.InvariantCulture), app.Text("appPort"));
            Assert.Equal(appId == AppIds.Bff ? "http" : "grpc", app.Text("appProtocol"));
            var folder = Path.Combine(DaprConfiguration.Root, app.Text("appDirPath")!);
            Assert.NotEmpty(Directory.GetFiles(folder, "*.csproj"));
            // Thirteen builds at once race on the shared projects' obj/: the README builds once first.
            Assert.Equal(["dotnet", "run", "--no-build", "--no-launch-profile"], app.Items("command").Select(c => c.ToString()));
        }

        Assert.Contains($"dotnet build && dapr run -f {(runFile == "dapr.yaml" ? "." : runFile)}", File.ReadAllText(Path.Combine(DaprConfiguration.Root, "README.md")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RunFiles))]
    public void The_components_of_a_run_declare_exactly_the_stores_topics_and_apps_in_use(string runFile)
    {
        var documents = Documents(DaprConfiguration.ResourcesPaths(runFile));
        var components = documents.Where(d => d.Text("kind") == "Component").ToDictionary(d => d.Text("metadata", "name")!);
        Assert.Equal(["pubsub", "statestore"], components.Keys.Order());
        AssertAtomicStateStore(components["statestore"]);
        AssertPubSub(components["pubsub"]);

        var resiliency = Assert.Single(documents, d => d.Text("kind") == "Resiliency");
        var targetApps = ((YamlMappingNode)resiliency.Get("spec", "targets", "apps")!).Children;
        Assert.Equal(Services.Order(), targetApps.Keys.Select(k => k.ToString()).Order());
        // daprd counts every non-OK answer of an app as a failure: no circuit breaker on calls.
        Assert.All(targetApps.Values, target => Assert.Equal(["timeout"], ((YamlMappingNode)target).Children.Keys.Select(k => k.ToString())));
        // A transaction that lost a race is not retried by the sidecar, and lost races open no circuit.
        Assert.Equal(["timeout"], ((YamlMappingNode)resiliency.Get("spec", "targets", "components", "statestore", "outbound")!).Children.Keys.Select(k => k.ToString()));
        var delivery = DaprConfiguration.Resources(runFile).Delivery;
        Assert.Equal(InProcessEventBus.MaxAttempts, delivery.MaxAttempts);
    }

    [Fact]
    public void The_kubernetes_components_the_readme_applies_hold_everything_each_app_names()
    {
        var readme = File.ReadAllText(Path.Combine(DaprConfiguration.Root, "README.md"));
        var applied = KubectlApply().Matches(readme).SelectMany(m => m.Groups["files"].Value.Split(" -f ", StringSplitOptions.TrimEntries)).ToList();
        var documents = applied.SelectMany(path => Directory.Exists(Path.Combine(DaprConfiguration.Root, path))
            ? Directory.GetFiles(Path.Combine(DaprConfiguration.Root, path), "*.yaml").Select(f => Path.GetRelativePath(DaprConfiguration.Root, f))
            : [path]).SelectMany(DaprConfiguration.Documents).ToList();
        var components = documents.Where(d => d.Text("kind") == "Component").ToDictionary(d => d.Text("metadata", "name")!);
        Assert.Single(documents, d => d.Text("kind") == "Resiliency");
        var configurations = documents.Where(d => d.Text("kind") == "Configuration").ToDictionary(d => d.Text("metadata", "name")!);
        Assert.Equal(["checkout", "daprsystem"], configurations.Keys.Order());
        // mTLS between sidecars, on the control plane's Configuration where the Helm chart puts it:
        // the access policies place callers by their certificates.
        var system = configurations["daprsystem"];
        Assert.Equal(("dapr-system", "true"), (system.Text("metadata", "namespace"), system.Text("spec", "mtls", "enabled")));
        Assert.Equal("public", configurations["checkout"].Text("spec", "accessControl", "trustDomain"));

        foreach (var deployment in documents.Where(d => d.Text("kind") == "Deployment"))
        {
            var appId = deployment.Text("spec", "template", "metadata", "annotations", "dapr.io/app-id")!;
            var env = deployment.Items("spec", "template", "spec", "containers").Single().Items("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"));
            // Every service keeps state; every app that publishes or subscribes uses pub/sub.
            var uses = new[] { (Setting: "Checkout__Dapr__StateStore", Used: appId != AppIds.Bff), (Setting: "Checkout__Dapr__PubSub", Used: Subscribers.Contains(appId)) };
            foreach (var (setting, _) in uses.Where(u => u.Used))
            {
                Assert.Contains(appId, components[env[setting]!].Items("scopes").Select(s => s.ToString()));
            }
        }

        // In a cluster: connection details from secrets, never localhost; the same stores and topics as locally.
        foreach (var component in components.Values)
        {
            Assert.All(component.Items("spec", "metadata"), m => Assert.DoesNotContain("localhost", m.Text("value") ?? string.Empty, StringComparison.Ordinal));
            Assert.Contains(component.Items("spec", "metadata"), m => m.Get("secretKeyRef") is not null);
        }

        AssertAtomicStateStore(components["statestore"]);
        AssertPubSub(components["pubsub"]);
    }

    [Fact]
    public void Every_kubernetes_deployment_probes_liveness_and_readiness_on_its_app_port()
    {
        var deployments = Directory.EnumerateFiles(Path.Combine(DaprConfiguration.Root, "deploy", "kubernetes"), "*.yaml")
            .SelectMany(f => DaprConfiguration.Documents(Path.GetRelativePath(DaprConfiguration.Root, f)))
            .Where(d => d.Text("kind") == "Deployment")
            .ToList();

        Assert.Equal(13, deployments.Count);
        foreach (var deployment in deployments)
        {
            var appId = deployment.Text("spec", "template", "metadata", "annotations", "dapr.io/app-id")!;
            var port = deployment.Text("spec", "template", "metadata", "annotations", "dapr.io/app-port");
            var container = deployment.Items("spec", "template", "spec", "containers").Single();
            if (appId == Checkout.Platform.Hosting.AppIds.Bff)
            {
                Assert.Equal(("/alive", port), (container.Text("livenessProbe", "httpGet", "path"), container.Text("livenessProbe", "httpGet", "port")));
                Assert.Equal(("/healthz", port), (container.Text("readinessProbe", "httpGet", "path"), container.Text("readinessProbe", "httpGet", "port")));
            }
            else
            {
                Assert.Equal((Checkout.Platform.Hosting.ServiceHost.LivenessService, port), (container.Text("livenessProbe", "grpc", "service"), container.Text("livenessProbe", "grpc", "port")));
                Assert.Equal(port, container.Text("readinessProbe", "grpc", "port"));
                Assert.Null(container.Text("readinessProbe", "grpc", "service"));
            }
        }
    }

    [Fact]
    public void Every_app_has_a_kubernetes_deployment_with_the_sidecar_annotations_of_the_run_file()
    {
        var run = DaprConfiguration.Document("dapr.yaml").Items("apps").ToDictionary(a => a.Text("appID")!);
        foreach (var appId in AppIds.DefaultPorts.Keys)
        {
            var documents = DaprConfiguration.Documents($"deploy/kubernetes/{appId}.yaml");
            var deployment = Assert.Single(documents, d => d.Text("kind") == "Deployment");
            var annotations = deployment.Get("spec", "template", "metadata", "annotations")!;
            Assert.Equal("true", annotations.Text("dapr.io/enabled"));
            Assert.Equal(appId, annotations.Text("dapr.io/app-id"));
            Assert.Equal(run[appId].Text("appPort"), annotations.Text("dapr.io/app-port"));
            Assert.Equal(run[appId].Text("appProtocol"), annotations.Text("dapr.io/app-protocol"));
            Assert.Equal("checkout", annotations.Text("dapr.io/config"));
            var container = deployment.Items("spec", "template", "spec", "containers").Single();
            var env = container.Items("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"));
            Assert.Equal("statestore", env["Checkout__Dapr__StateStore"]);
            Assert.Equal("pubsub", env["Checkout__Dapr__PubSub"]);
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("Checkout__Dapr__Outbox", StringComparison.Ordinal));
            // Only the app's sidecar may call it: daprd and the app share the app API token.
            Assert.Equal("checkout-app-token", annotations.Text("dapr.io/app-token-secret"));
            var token = container.Items("env").Single(e => e.Text("name") == AppApiToken.Variable);
            Assert.Equal(("checkout-app-token", "token"), (token.Text("valueFrom", "secretKeyRef", "name"), token.Text("valueFrom", "secretKeyRef", "key")));
            // Prometheus finds /metrics where the app serves it: a service's own listener, the BFF's port.
            var metricsPort = env.GetValueOrDefault("Checkout__MetricsPort") ?? annotations.Text("dapr.io/app-port");
            Assert.Equal(("true", metricsPort), (annotations.Text("prometheus.io/scrape"), annotations.Text("prometheus.io/port")));
            Assert.Single(documents, d => d.Text("kind") == "Service");
        }

        Assert.Equal("checkout", DaprConfiguration.Document("deploy/kubernetes/dapr-configuration.yaml").Text("metadata", "name"));
    }

    private static void AssertAtomicStateStore(YamlNode state)
    {
        Assert.Contains((state.Text("spec", "type")!, state.Text("spec", "version")!), DaprStateStoreCheck.AtomicStores);
        Assert.Equal(Services.Order(), state.Items("scopes").Select(s => s.ToString()).Order());
    }

    /// <summary>Order publishes the order topics; every subscriber is named and may publish its own dead-letter topic only.</summary>
    private static void AssertPubSub(YamlNode pubsub)
    {
        var deadLetters = Subscribers.Select(DaprTopicSubscriptions.DeadLetterTopic).ToList();
        Assert.Equal([OrderTopics.Created, OrderTopics.Processing, .. deadLetters], pubsub.Metadata("allowedTopics")!.Split(','));
        var expected = Subscribers.Select(app => (app, DaprTopicSubscriptions.DeadLetterTopic(app))).ToHashSet();
        expected.UnionWith([(AppIds.Order, OrderTopics.Created), (AppIds.Order, OrderTopics.Processing)]);
        Assert.Equal(expected, DaprConfiguration.Scopes(pubsub.Metadata("publishingScopes")));
        var subscriptions = DaprConfiguration.Scopes(pubsub.Metadata("subscriptionScopes"));
        Assert.Equal(Subscribers.Order(), subscriptions.Select(s => s.App).Distinct().Order());
        // A service keeps its dead letters by subscribing to its own dead-letter topic (DeadLetterStore).
        Assert.All(Subscribers.Where(app => app != AppIds.Bff), app => Assert.Contains((app, DaprTopicSubscriptions.DeadLetterTopic(app)), subscriptions));
        Assert.Equal(Subscribers.Order(), pubsub.Items("scopes").Select(s => s.ToString()).Order());
    }

    private static List<YamlMappingNode> Documents(IEnumerable<string> folders) => folders
        .SelectMany(folder => Directory.GetFiles(Path.Combine(DaprConfiguration.Root, folder), "*.yaml"))
        .SelectMany(f => DaprConfiguration.Documents(Path.GetRelativePath(DaprConfiguration.Root, f)))
        .ToList();

    [GeneratedRegex(@"^kubectl apply -f (?<files>[^\r\n]+)$", RegexOptions.Multiline)]
    private static partial Regex KubectlApply();
}
