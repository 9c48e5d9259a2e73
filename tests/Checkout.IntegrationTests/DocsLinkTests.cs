using System.Text.RegularExpressions;

namespace Checkout.IntegrationTests;

/// <summary>The repository describes itself and links only inside itself: every relative link of its Markdown resolves to a file or folder of the clone.</summary>
public sealed partial class DocsLinkTests
{
    public static TheoryData<string> Documents => new(
        Directory.EnumerateFiles(DaprConfiguration.Root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(DaprConfiguration.Root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(segment => segment is "node_modules" or "bin" or "obj" || segment.StartsWith('.'))));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_inside_the_repository(string document)
    {
        var path = Path.Combine(DaprConfiguration.Root, document);
        var root = Path.GetFullPath(DaprConfiguration.Root) + Path.DirectorySeparatorChar;
        foreach (var target in Link().Matches(File.ReadAllText(path)).Select(m => m.Groups["target"].Value))
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target.Split('#')[0]));
            Assert.True(resolved.StartsWith(root, StringComparison.Ordinal), $"{document} links {target}, outside the repository");
            Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{document} links {target}, which does not exist");
        }
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
