using System.Diagnostics;

namespace Checkout.IntegrationTests.RunFile;

/// <summary>README's first command, as the tests start it: the built runner on its own ports and data.</summary>
internal static class StandaloneRunner
{
    /// <summary><c>dotnet run --no-build --project src/Standalone -- --port P --data D</c> and <paramref name="settings"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(int port, string data, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DaprConfiguration.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "--no-build", "--project", "src/Standalone", "--", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
