using System.Text.RegularExpressions;
using Checkout.Contracts.Events;
using Checkout.Platform.Hosting;

namespace Checkout.IntegrationTests;

/// <summary>
/// The services table of docs/architecture.md stays true: for each service, whom it calls,
/// which topics it publishes and consumes, and the keys it stores, as its code has them.
/// The same list of calls and consumed topics is checked in each service's <c>*App.cs</c> summary.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string Root = DaprConfiguration.Root;

    private static readonly Dictionary<string, string> Topics = new()
    {
        [nameof(OrderTopics.Created)] = OrderTopics.Created,
        [nameof(OrderTopics.Processing)] = OrderTopics.Processing,
    };

    public static TheoryData<string> Services => new(Rows().Keys);

    [Theory]
    [MemberData(nameof(Services))]
    public void The_services_table_says_what_the_code_does(string service)
    {
        var row = Rows()[service];
        var code = ServiceCode(service);
        var consumers = ConsumerTypes().Matches(code.App).Select(m => m.Groups["type"].Value).ToHashSet();
        var consumerFiles = code.Files.Where(f => consumers.Any(c => f.Text.Contains($"class {c}", StringComparison.Ordinal))).ToList();

        var calls = ServiceClients().Matches(string.Concat(code.Files.Select(f => f.Text))).Select(m => Title(m.Groups["app"].Value)).ToHashSet();
        var consumes = consumerFiles.SelectMany(f => TopicRefs().Matches(f.Text)).Select(m => Topics[m.Groups["topic"].Value]).ToHashSet();
        var publishes = code.Files.Except(consumerFiles).SelectMany(f => TopicRefs().Matches(f.Text)).Select(m => Topics[m.Groups["topic"].Value]).ToHashSet();

        Assert.Equal(calls.Order(), AppNames(row.Calls, service).Order());
        Assert.Equal(consumes.Order(), TopicNames(row.Consumes).Order());
        Assert.Equal(publishes.Order(), TopicNames(row.Publishes).Order());
        Assert.Equal(calls.Order(), AppNames(Sentence(code.App, "Calls:"), service).Order());
        Assert.Equal(consumes.Order(), TopicNames(Sentence(code.App, "Consumes:")).Order());

        var documentedKeys = StoredKeys().Matches(row.Stores).Select(m => m.Groups["prefix"].Value).ToHashSet();
        var keysInCode = KeyLiterals().Matches(string.Concat(code.Files.Select(f => f.Text))).Select(m => m.Groups["prefix"].Value).ToHashSet();
        Assert.Empty(keysInCode.Except(documentedKeys).Order());

        var everything = string.Concat(code.Files.Select(f => f.Text)) + PlatformCode.Value;
        foreach (var key in StoredKeys().Matches(row.Stores).Select(m => m.Groups["prefix"].Value))
        {
            Assert.True(everything.Contains($"\"{key}", StringComparison.Ordinal) || everything.Contains($"$\"{key}", StringComparison.Ordinal), $"{service} stores `{key}…` says the table; no string in its code starts so");
        }
    }

    private sealed record Row(string Stores, string Calls, string Publishes, string Consumes);

    private sealed record SourceFile(string Path, string Text);

    private sealed record Code(string App, IReadOnlyList<SourceFile> Files);

    private static readonly Lazy<string> PlatformCode = new(() => string.Concat(
        Directory.EnumerateFiles(Path.Combine(Root, "src", "Platform"), "*.cs", SearchOption.AllDirectories).Where(NotBuilt).Select(File.ReadAllText)));

    private static Dictionary<string, Row> Rows()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var table = text[text.IndexOf("| service | stores (keys) | calls | publishes | consumes |", StringComparison.Ordinal)..];
        return table.Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1], c => new Row(c[2], c[3], c[4], c[5]));
    }

    private static Code ServiceCode(string service)
    {
        var folder = Path.Combine(Root, "src", "Services", service);
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(NotBuilt)
            .Select(f => new SourceFile(f, StripComments(File.ReadAllText(f)))).ToList();
        return new Code(File.ReadAllText(Path.Combine(folder, $"{service}App.cs")), files);
    }

    private static bool NotBuilt(string path) =>
        !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string StripComments(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    /// <summary>The summary's sentence that begins with <paramref name="label"/>, up to its full stop.</summary>
    private static string Sentence(string app, string label)
    {
        var summary = string.Join(' ', app.Split('\n').Where(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)).Select(l => l.TrimStart()[3..].Trim()));
        var start = summary.IndexOf(label, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        var end = Regex.Match(summary[start..], @"\.(\s|$)");
        return summary[start..(start + (end.Success ? end.Index : summary.Length - start))];
    }

    /// <summary>The services a text names, leaving out what it says in parentheses (why, or who else).</summary>
    private static HashSet<string> AppNames(string text, string self)
    {
        var named = Regex.Replace(text, @"\([^)]*\)", string.Empty);
        return AppIds.DefaultPorts.Keys.Where(id => id != AppIds.Bff).Select(Title)
            .Where(name => name != self && Regex.IsMatch(named, $@"\b{name}\b"))
            .ToHashSet();
    }

    private static HashSet<string> TopicNames(string text) => Topics.Values.Where(t => text.Contains(t, StringComparison.Ordinal)).ToHashSet();

    private static string Title(string appId) => char.ToUpperInvariant(appId[0]) + appId[1..];

    /// <summary>Each service client an app registers, by the app id it calls (further arguments allowed).</summary>
    [GeneratedRegex(@"AddServiceClient<[^>]+>\(AppIds\.(?<app>\w+)[,)]")]
    internal static partial Regex ServiceClients();

    [GeneratedRegex(@"AddEventConsumer<(?<type>\w+)>")]
    private static partial Regex ConsumerTypes();

    [GeneratedRegex(@"OrderTopics\.(?<topic>Created|Processing)\b")]
    private static partial Regex TopicRefs();

    /// <summary>A state key's prefix as the code writes it: a string that starts "order-seq:".</summary>
    [GeneratedRegex(@"\$?""(?<prefix>[a-z][a-z-]*:)")]
    private static partial Regex KeyLiterals();

    /// <summary>A key in the table, up to its first colon: `submissions:open:{n}` is "submissions:".</summary>
    [GeneratedRegex(@"`(?<prefix>[a-z][a-z-]*:?)[^`]*`")]
    private static partial Regex StoredKeys();
}
