namespace Checkout.IntegrationTests.ForeignClients;

/// <summary>
/// A Node.js tool under tools/ that a test drives (a client the mesh's code did not write).
/// Locally a test is skipped when the tool is not installed; with
/// CHECKOUT_FOREIGN_CLIENTS=required (.ci/run sets it after installing them) it fails instead.
/// </summary>
internal static class NodeTool
{
    /// <summary>The tool's folder, once its <paramref name="installedWhen"/> paths all exist.</summary>
    public static string Require(string tool, string hint, params string[] installedWhen)
    {
        var folder = Path.Combine(DaprConfiguration.Root, "tools", tool);
        var installed = installedWhen.All(path => Path.Exists(Path.IsPathRooted(path) ? path : Path.Combine(folder, path)));
        Skip.If(!installed && Environment.GetEnvironmentVariable("CHECKOUT_FOREIGN_CLIENTS") != "required", hint);
        Assert.True(installed, $"tools/{tool} is not installed ({string.Join(", ", installedWhen)}): .ci/run installs it.");
        return folder;
    }

    /// <summary>Runs <c>node</c> in the tool's folder and asserts it ends with exit 0 and "every check held".</summary>
    public static async Task RunAsync(string folder, TimeSpan timeout, params string[] args)
    {
        var node = await ProcessRun.RunAsync("node", args, timeout, workingDirectory: folder);

        Assert.True(node.ExitCode == 0, $"{node.Output}\n{node.Errors}");
        Assert.Contains("every check held", node.Output, StringComparison.Ordinal);
    }
}
