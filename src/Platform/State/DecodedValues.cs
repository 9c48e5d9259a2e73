using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Checkout.Platform.State;

/// <summary>
/// The decoded form of stored bytes, kept beside the very array that holds them, for
/// <see cref="IImmutableState"/> records: a store that keeps what it committed
/// (<see cref="CommittedValues"/>) hands out the same array until the key is written again,
/// so every read of it after the first (or after the write, which knows what it wrote)
/// costs no decoding. Tied to the array's identity, not its contents, and held weakly: it
/// goes when the array does, and a new value is a new array.
/// A protobuf message is kept too, but it is mutable: the kept copy is one nobody else holds,
/// and every reader gets a copy of its own (<see cref="KeepMessage"/>, <see cref="TryGetMessage"/>).
/// </summary>
public static class DecodedValues
{
    private static readonly ConditionalWeakTable<byte[], object> Decoded = new();

    /// <summary>The value decoded from <paramref name="bytes"/> before, if it is a <typeparamref name="T"/>.</summary>
    public static bool TryGet<T>(ReadOnlyMemory<byte> bytes, out T value)
        where T : class
    {
        if (WholeArray(bytes) is { } array && Decoded.TryGetValue(array, out var kept) && kept is T decoded)
        {
            value = decoded;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Keeps that <paramref name="bytes"/> decode to <paramref name="value"/> (an <see cref="IImmutableState"/>; anything else is not kept).</summary>
    public static void Keep(ReadOnlyMemory<byte> bytes, object? value)
    {
        if (value is IImmutableState && WholeArray(bytes) is { } array)
        {
            Decoded.AddOrUpdate(array, value);
        }
    }

    /// <summary>
    /// Keeps that <paramref name="bytes"/> decode to <paramref name="decoded"/>, a message the
    /// caller gives up: nothing else may hold or change it from then on.
    /// </summary>
    public static void KeepMessage<T>(ReadOnlyMemory<byte> bytes, T decoded)
        where T : class, IMessage<T>
    {
        if (WholeArray(bytes) is { } array)
        {
            Decoded.AddOrUpdate(array, new KeptMessage<T>(decoded));
        }
    }

    /// <summary>A copy of the message decoded from <paramref name="bytes"/> before, if it is a <typeparamref name="T"/>: the caller may change it.</summary>
    public static bool TryGetMessage<T>(ReadOnlyMemory<byte> bytes, out T value)
        where T : class, IMessage<T>
    {
        if (WholeArray(bytes) is { } array && Decoded.TryGetValue(array, out var kept) && kept is KeptMessage<T> message)
        {
            value = message.Value.Clone();
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>A store that copies the bytes it is given carries their decoded value over to the copy.</summary>
    public static void Carry(ReadOnlyMemory<byte> from, byte[] to)
    {
        if (WholeArray(from) is { } array && Decoded.TryGetValue(array, out var kept))
        {
            Decoded.AddOrUpdate(to, kept);
        }
    }

    // Only an array the memory covers whole stands for these bytes alone.
    private static byte[]? WholeArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : null;

    // A holder, so that a kept message is only ever read back through TryGetMessage, which copies it.
    private sealed record KeptMessage<T>(T Value);
}
