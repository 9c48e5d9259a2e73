using System.Net;
using System.Net.Sockets;

namespace Checkout.Standalone;

/// <summary>
/// Loopback ports for meshes started by tests and benchmarks, never the same twice in one
/// process. They come from below Linux's ephemeral range (32768 and up), so the OS does not
/// hand them to outgoing connections meanwhile, and each is checked to be free when given out.
/// </summary>
public static class LoopbackPorts
{
    private static int _next = 20000 + (Environment.ProcessId % 500 * 20);

    public static IReadOnlyDictionary<string, int> For(IEnumerable<string> names) => names.ToDictionary(name => name, _ => Next());

    /// <summary>How many consecutive ports a standalone mesh started with --port N takes: N for the BFF, the twelve services' and the simulated gateway's after it.</summary>
    public const int MeshBlock = 14;

    /// <summary>The first of <paramref name="count"/> consecutive free ports (a standalone mesh started with --port takes <see cref="MeshBlock"/>).</summary>
    public static int NextBlock(int count)
    {
        while (true)
        {
            var first = Next();
            if (Enumerable.Range(1, count - 1).All(offset => Next() == first + offset))
            {
                return first;
            }
        }
    }

    /// <summary>Whether something on this machine already listens on loopback <paramref name="port"/>.</summary>
    public static bool InUse(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public static int Next()
    {
        while (true)
        {
            // One taken by something else on the machine is skipped.
            var port = Interlocked.Increment(ref _next);
            if (!InUse(port))
            {
                return port;
            }
        }
    }
}
