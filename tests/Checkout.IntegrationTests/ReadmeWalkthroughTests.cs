using System.Text.RegularExpressions;
using Checkout.Standalone;

namespace Checkout.IntegrationTests;

/// <summary>
/// The README's walkthrough, exactly as written (its bash blocks, run by bash and curl),
/// against a mesh of its own, twice in a row: a newcomer who pastes it again gets a second
/// order, not IDEMPOTENCY_KEY_REUSED or a 404 on a cart line.
/// </summary>
public sealed partial class ReadmeWalkthroughTests : OwnMesh
{
    private string _data = null!;

    protected override MeshOptions Configure(MeshOptions options)
    {
        _data = options.DataDirectory;
        return options;
    }

    [Fact]
    public async Task The_walkthrough_runs_as_written_and_again()
    {
        var script = WalkthroughScript()
            .Replace("B=http://127.0.0.1:8080", $"B={Mesh.BffAddress}", StringComparison.Ordinal)
            .Replace("src/Standalone/.data/", _data + "/", StringComparison.Ordinal);

        var orders = new List<string>();
        foreach (var run in new[] { "first", "second" })
        {
            var (exitCode, output, errors) = await BashAsync(script);

            Assert.True(exitCode == 0, $"{run} run: exit {exitCode}\n{errors}\n{output}");
            var failures = output.Split('\n').Where(l => l.Contains("\"success\":false", StringComparison.Ordinal)).ToList();
            // The two errors the walkthrough shows on purpose, and no other.
            Assert.True(failures.Count == 2, $"{run} run:\n{string.Join('\n', failures)}");
            Assert.Contains("\"reason\":\"OUT_OF_STOCK\"", failures[0], StringComparison.Ordinal);
            Assert.Contains("\"reason\":\"UNAUTHENTICATED\"", failures[1], StringComparison.Ordinal);
            Assert.Contains("\"quantity\":3", output, StringComparison.Ordinal);
            Assert.Contains("\"status\":\"CONFIRMED\"", output, StringComparison.Ordinal);
            // The checkout's waterfall and counters.
            Assert.Contains("checkout.payment.v1.PaymentService/ProcessPayment", output, StringComparison.Ordinal);
            Assert.Contains("checkout_confirmed_total{", output, StringComparison.Ordinal);
            orders.Add(SubmittedOrder().Match(output).Groups["id"].Value);
        }

        Assert.Equal(2, orders.Distinct().Count(id => id.Length > 0));
    }

    /// <summary>The bash blocks of the README's walkthrough section, in order.</summary>
    private static string WalkthroughScript()
    {
        var readme = File.ReadAllText(Path.Combine(DaprConfiguration.Root, "README.md"));
        var start = readme.IndexOf("## Walkthrough with curl", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
        return string.Join('\n', BashBlock().Matches(section).Select(m => m.Groups["code"].Value));
    }

    private static Task<ProcessRun.Result> BashAsync(string script) => ProcessRun.RunAsync("bash", [], TimeSpan.FromMinutes(2), input: script);

    [GeneratedRegex("\"orderId\":\"(?<id>ORD-[^\"]+)\",\"orderNumber\"")]
    private static partial Regex SubmittedOrder();

    [GeneratedRegex("```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
