using System.Buffers;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Hybrid;

namespace Checkout.Bff.Caching;

/// <summary>Stores protobuf messages in HybridCache in their binary form (compact, and no JSON mapping to keep in step).</summary>
public sealed class ProtobufCacheSerializer<T> : IHybridCacheSerializer<T>
    where T : IMessage<T>, new()
{
    private static readonly MessageParser<T> Parser = new(() => new T());

    public T Deserialize(ReadOnlySequence<byte> source) => Parser.ParseFrom(source);

    public void Serialize(T value, IBufferWriter<byte> target) => value.WriteTo(target);
}
