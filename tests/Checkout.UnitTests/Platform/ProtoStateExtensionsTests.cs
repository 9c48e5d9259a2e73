using Checkout.Platform.State;
using Google.Protobuf;

namespace Checkout.UnitTests.Platform;

public sealed class ProtoStateExtensionsTests
{
    private static readonly JsonFormatter Canonical = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    [Fact]
    public void A_message_is_stored_as_its_canonical_json_in_utf8_whatever_the_thread_wrote_before()
    {
        // Long then short then longer than the writer the thread keeps, then short again: the
        // reused text never leaks from one message into the next.
        Contracts.Order.V1.Order[] messages =
        [
            Order(new string('x', 3_000) + " Zoë 東京 🛒"),
            Order("é"),
            Order(string.Concat(Enumerable.Repeat("🛒 Zoë ", 20_000))),
            Order("plain"),
        ];

        foreach (var message in messages)
        {
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Canonical.Format(message)), ProtoStateExtensions.SerializeProto(message));
        }
    }

    [Fact]
    public void A_thread_reuses_its_writer_and_lets_it_go_once_a_message_grew_it_past_the_limit()
    {
        // On a thread of its own, so that no other test's message has shaped its writer.
        Exception? failed = null;
        var thread = new Thread(() =>
        {
            try
            {
                ProtoStateExtensions.SerializeProto(Order("small"));
                var kept = ProtoStateExtensions.KeptWriter;
                Assert.NotNull(kept);
                ProtoStateExtensions.SerializeProto(Order("small again"));
                Assert.Same(kept, ProtoStateExtensions.KeptWriter);

                ProtoStateExtensions.SerializeProto(Order(new string('x', ProtoStateExtensions.KeptWriterChars + 1)));
                Assert.Null(ProtoStateExtensions.KeptWriter);

                ProtoStateExtensions.SerializeProto(Order("small"));
                Assert.NotNull(ProtoStateExtensions.KeptWriter);
            }
            catch (Exception e)
            {
                failed = e;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(failed);
    }

    private static Contracts.Order.V1.Order Order(string notes) => new() { OrderId = "ORD-1", CustomerId = "CUST-1", Notes = notes };
}
