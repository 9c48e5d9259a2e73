using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Checkout.Platform.State;

/// <summary>
/// The keys a store may hold, as a Bloom filter: a key it has never been given is, with few
/// exceptions, reported absent, and a key it has been given is never reported absent. A store
/// that is its file's only writer gives it every key the file held at start and every key it
/// writes, and then answers a read of a key nobody wrote (a new order's, a new customer's: most
/// of a checkout's first reads) without asking the database. Nothing is taken out: a key
/// deleted or expired, like the rare false "may hold", only costs a read that finds nothing.
/// Its size is fixed (<see cref="Bits"/>): by the Bloom filter's formula (1 - e^(-kn/m))^k,
/// about one false "may hold" in 400 at 300,000 keys and one in 6 at a million (KeyFilterTests
/// measures fewer than one in 250 at 300,000), and never a wrong "absent".
/// </summary>
public sealed class KeyFilter
{
    /// <summary>4 Mi bits, 512 KiB per store.</summary>
    public const int Bits = 1 << 22;

    private const int Probes = 5;

    private readonly long[] _words = new long[Bits / 64];

    /// <summary>Safe beside concurrent <see cref="MayHold"/>: a bit once set stays set.</summary>
    public void Add(string key)
    {
        var (first, step) = Hashes(key);
        for (var i = 0; i < Probes; i++)
        {
            var bit = (first + ((uint)i * step)) % Bits;
            Interlocked.Or(ref _words[bit >> 6], 1L << (int)(bit & 63));
        }
    }

    /// <summary>False only for a key never given to <see cref="Add"/>.</summary>
    public bool MayHold(string key)
    {
        var (first, step) = Hashes(key);
        for (var i = 0; i < Probes; i++)
        {
            var bit = (first + ((uint)i * step)) % Bits;
            if ((Volatile.Read(ref _words[bit >> 6]) & (1L << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    // Two halves of one 64-bit hash make every probe (Kirsch and Mitzenmacher); the step is odd, so the probes differ.
    private static (uint First, uint Step) Hashes(string key)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()));
        return ((uint)hash, (uint)(hash >> 32) | 1);
    }
}
