using System.IO.Hashing;
using System.Text;

namespace Checkout.Platform.State;

/// <summary>
/// Splits one hot record into a few keys so concurrent writers rarely meet on the same
/// one: each id always lands on the same shard (a stable hash, the same in every process
/// and run), and a reader reads every shard.
/// </summary>
public static class KeyShards
{
    public static int Of(string id, int shards) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id)) % (uint)shards);
}
