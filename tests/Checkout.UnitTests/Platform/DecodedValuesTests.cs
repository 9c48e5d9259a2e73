using System.Buffers;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Platform;

public sealed class DecodedValuesTests
{
    [Fact]
    public void A_decoded_value_belongs_only_to_the_whole_array_not_to_a_part_of_it()
    {
        var bytes = new byte[] { 1, 2, 3, 4 };
        var note = new Note("n");

        DecodedValues.Keep(bytes.AsMemory(1), note);
        DecodedValues.Keep(bytes.AsMemory(0, 3), note);
        Assert.False(DecodedValues.TryGet<Note>(bytes, out _));

        DecodedValues.Keep(bytes, note);
        Assert.True(DecodedValues.TryGet<Note>(bytes, out var kept));
        Assert.Same(note, kept);
        Assert.False(DecodedValues.TryGet<Note>(bytes.AsMemory(1), out _));
        Assert.False(DecodedValues.TryGet<Note>(bytes.AsMemory(0, 3), out _));
    }

    [Fact]
    public void Bytes_that_are_not_an_array_get_no_decoded_value()
    {
        using var outside = new BytesOutsideAnArray();

        DecodedValues.Keep(outside.Memory, new Note("n"));

        Assert.False(DecodedValues.TryGet<Note>(outside.Memory, out _));
    }

    [Fact]
    public void Only_an_immutable_record_is_kept_and_only_read_back_as_its_own_type()
    {
        var (editable, immutable) = (new byte[] { 1 }, new byte[] { 2 });

        DecodedValues.Keep(editable, new EditableNote());
        DecodedValues.Keep(immutable, new Note("n"));

        Assert.False(DecodedValues.TryGet<EditableNote>(editable, out _));
        Assert.False(DecodedValues.TryGet<EditableNote>(immutable, out _));
        Assert.True(DecodedValues.TryGet<Note>(immutable, out _));
    }

    /// <summary>Memory that no array stands behind (as a pooled or native buffer's).</summary>
    private sealed class BytesOutsideAnArray : MemoryManager<byte>
    {
        private readonly byte[] _bytes = [1, 2, 3];

        public override Span<byte> GetSpan() => _bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => default;

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
