using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Checkout.Standalone;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>README's first command as a newcomer meets it: a port that is taken is one clear line, not a stack trace.</summary>
public sealed class RunnerCommandTests
{
    [Fact]
    public async Task A_port_in_use_is_named_in_one_line_with_the_way_out_and_nothing_starts()
    {
        var bff = LoopbackPorts.NextBlock(13);
        using var squatter = new TcpListener(IPAddress.Loopback, bff + 5);
        squatter.Start();

        var (exitCode, output, errors) = await RunAsync("--port", bff.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", Directory.CreateTempSubdirectory("busy-port").FullName);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Port {bff + 5} (order) is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--port N", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.Trim());
        Assert.False(LoopbackPorts.InUse(bff), "the BFF's port was left free: nothing started");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = DaprConfiguration.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--no-build", "--project", "src/Standalone", "--" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }
}
