using Checkout.Contracts.Events;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>dapr.yaml, every file in components/ and deploy/ parse, and agree with each other and with the code.</summary>
public sealed class DaprConfigurationTests
{
    private static readonly HashSet<string> Services = AppIds.DefaultPorts.Keys.Where(id => id != AppIds.Bff).ToHashSet();

    public static TheoryData<string, string> RunFiles => new()
    {
        { "dapr.yaml", "components" },
        { "dapr.slim.yaml", "components/slim" },
    };

    [Theory]
    [MemberData(nameof(RunFiles))]
    public void The_run_file_lists_every_app_as_the_code_knows_it(string runFile, string resources)
    {
        var run = DaprConfiguration.Document(runFile);
        Assert.Equal("./" + resources, run.Text("common", "resourcesPath"));
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
        }
    }

    [Theory]
    [InlineData("components")]
    [InlineData("components/slim")]
    public void The_components_declare_exactly_the_stores_topics_and_apps_in_use(string folder)
    {
        var documents = Directory.GetFiles(Path.Combine(DaprConfiguration.Root, folder), "*.yaml")
            .SelectMany(f => DaprConfiguration.Documents(Path.GetRelativePath(DaprConfiguration.Root, f)))
            .ToList();
        var components = documents.Where(d => d.Text("kind") == "Component").ToDictionary(d => d.Text("metadata", "name")!);
        Assert.Equal(["orderstore-created", "orderstore-processing", "pubsub", "statestore"], components.Keys.Order());

        // Dapr's outbox: one store per order topic, used by Order only, publishing on pubsub.
        var run = DaprConfiguration.Document(folder == "components" ? "dapr.yaml" : "dapr.slim.yaml");
        var orderEnv = run.Items("apps").Single(a => a.Text("appID") == AppIds.Order).Get("env")!;
        foreach (var topic in new[] { OrderTopics.Created, OrderTopics.Processing })
        {
            var store = components[orderEnv.Text($"Checkout__Dapr__Outbox__{topic.Replace('.', '-')}")!];
            Assert.Equal(components["statestore"].Text("spec", "type"), store.Text("spec", "type"));
            Assert.Equal(("pubsub", topic), (store.Metadata("outboxPublishPubsub"), store.Metadata("outboxPublishTopic")));
            Assert.Equal([AppIds.Order], store.Items("scopes").Select(s => s.ToString()));
        }

        var state = components["statestore"];
        Assert.StartsWith("state.", state.Text("spec", "type"));
        Assert.Equal(Services.Order(), state.Items("scopes").Select(s => s.ToString()).Order());

        var pubsub = components["pubsub"];
        Assert.Equal([OrderTopics.Created, OrderTopics.Processing], pubsub.Metadata("allowedTopics")!.Split(','));
        Assert.Equal(
            new HashSet<(string, string)> { (AppIds.Order, OrderTopics.Created), (AppIds.Order, OrderTopics.Processing) },
            DaprConfiguration.Scopes(pubsub.Metadata("publishingScopes")));
        var subscribers = DaprConfiguration.Scopes(pubsub.Metadata("subscriptionScopes")).Select(s => s.App);
        Assert.Equal(subscribers.Append(AppIds.Order).Distinct().Order(), pubsub.Items("scopes").Select(s => s.ToString()).Order());

        var resiliency = Assert.Single(documents, d => d.Text("kind") == "Resiliency");
        var targetApps = ((YamlDotNet.RepresentationModel.YamlMappingNode)resiliency.Get("spec", "targets", "apps")!).Children.Keys.Select(k => k.ToString());
        Assert.Equal(Services.Order(), targetApps.Order());
        var targetComponents = ((YamlDotNet.RepresentationModel.YamlMappingNode)resiliency.Get("spec", "targets", "components")!).Children.Keys.Select(k => k.ToString());
        Assert.Equal(components.Keys.Order(), targetComponents.Order());
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
            if (run[appId].Get("env") is YamlDotNet.RepresentationModel.YamlMappingNode appEnv)
            {
                // The Checkout settings the run file gives one app (Order's outbox stores), the manifest
                // gives too; authentication differs on purpose (development issuer locally).
                foreach (var (name, value) in appEnv.Children.Where(e => e.Key.ToString().StartsWith("Checkout__", StringComparison.Ordinal)))
                {
                    Assert.Equal(value.ToString(), env[name.ToString()]);
                }
            }
            Assert.Single(documents, d => d.Text("kind") == "Service");
        }

        Assert.Equal("checkout", DaprConfiguration.Document("deploy/kubernetes/dapr-configuration.yaml").Text("metadata", "name"));
    }
}
