using YamlDotNet.RepresentationModel;

namespace Checkout.IntegrationTests;

/// <summary>Reads the repository's Dapr files (dapr.yaml, components/, deploy/) as YAML.</summary>
internal static class DaprConfiguration
{
    public static string Root { get; } = FindRoot();

    public static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, relativePath)));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public static YamlMappingNode Document(string relativePath) => Documents(relativePath).Single();

    public static YamlNode? Get(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    /// <summary>What daprd loads for a run file: the YAML in each of its common resourcesPaths.</summary>
    public static Checkout.DaprSidecarDouble.DaprResources Resources(string runFile) =>
        Checkout.DaprSidecarDouble.DaprResources.Load(ResourcesPaths(runFile).Select(p => Path.Combine(Root, p)).ToArray());

    public static IReadOnlyList<string> ResourcesPaths(string runFile) =>
        Document(runFile).Items("common", "resourcesPaths").Select(p => p.ToString()).ToList();

    /// <summary>The value of a component's metadata entry.</summary>
    public static string? Metadata(this YamlNode component, string name) =>
        component.Items("spec", "metadata").FirstOrDefault(m => m.Text("name") == name)?.Text("value");

    /// <summary>"a=t1,t2;b=t3" as (app, topic) pairs.</summary>
    public static HashSet<(string App, string Topic)> Scopes(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(entry =>
            {
                var parts = entry.Split('=');
                return parts[1].Split(',').Select(topic => (parts[0].Trim(), topic.Trim()));
            })
            .ToHashSet();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "dapr.yaml")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("dapr.yaml not found above the test binaries.");
    }
}
