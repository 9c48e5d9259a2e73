using System.Text.RegularExpressions;

namespace Checkout.IntegrationTests;

/// <summary>
/// docs/errors.md is the one list of reasons a client can see: every reason the code
/// refuses with is in it, and every reason in it (but the INVALID_&lt;FIELD&gt; examples) is
/// one the code still uses.
/// </summary>
public sealed partial class ErrorReasonListTests
{
    private static readonly string Root = DaprConfiguration.Root;

    [Fact]
    public void Every_reason_the_code_refuses_with_is_documented_and_every_documented_one_is_used()
    {
        var documented = DocumentedReason().Matches(File.ReadAllText(Path.Combine(Root, "docs", "errors.md")))
            .Select(m => m.Groups["reason"].Value)
            .ToHashSet();
        var used = UsedReasons();

        Assert.True(used.Count > 40, $"found only {used.Count} reasons: the scan no longer sees the code");
        Assert.Empty(used.Except(documented).Order());
        Assert.Empty(documented.Where(r => !r.StartsWith("INVALID_", StringComparison.Ordinal) || r is "INVALID_REQUEST" or "INVALID_QUERY" or "INVALID_ORDER_STATUS" or "INVALID_CUSTOMER_ID")
            .Except(used).Order());
    }

    /// <summary>Reasons written in calls that refuse, and in the error code of the platform and the BFF.</summary>
    private static HashSet<string> UsedReasons()
    {
        var reasons = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            // Comments may quote reasons they do not use.
            var text = string.Join('\n', File.ReadLines(file).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            var errorCode = file.Contains($"{Path.DirectorySeparatorChar}Errors{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.EndsWith("HttpEdgeLimits.cs", StringComparison.Ordinal)
                || file.EndsWith("RetryAfter.cs", StringComparison.Ordinal);
            var pattern = errorCode ? AnyReasonLiteral() : RefusalCall();
            // "INVALID_" is the prefix of INVALID_<FIELD>, not a reason.
            reasons.UnionWith(pattern.Matches(text).Select(m => m.Groups["reason"].Value).Where(r => !r.EndsWith('_')));
        }

        return reasons;
    }

    [GeneratedRegex(@"`(?<reason>[A-Z][A-Z_]{2,})`")]
    private static partial Regex DocumentedReason();

    [GeneratedRegex(@"((DomainErrors\.\w+|FailAsync|StoredError|DomainException)\([^""]*|new\(\(int\)StatusCode\.\w+,\s*)""(?<reason>[A-Z][A-Z_]{2,})""")]
    private static partial Regex RefusalCall();

    [GeneratedRegex(@"""(?<reason>[A-Z][A-Z_]{2,})""")]
    private static partial Regex AnyReasonLiteral();
}
