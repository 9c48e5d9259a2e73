using System.Diagnostics;

namespace Checkout.Benchmarks;

/// <summary>This program started again with other arguments (a floor, a shop alone), the way it was started itself.</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo With(params string[] arguments)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
        // Under `dotnet Checkout.Benchmarks.dll` the dll comes first; the app's own executable,
        // as `dotnet run` starts it, takes the arguments alone.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
