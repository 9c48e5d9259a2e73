using Checkout.Notification;
using Microsoft.Extensions.Configuration;

namespace Checkout.UnitTests.Notification;

public sealed class FileNotificationSenderTests : IDisposable
{
    private static readonly DateTimeOffset SentAt = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("notifications");
    private readonly FileNotificationSender _sender;

    public FileNotificationSenderTests() =>
        _sender = new FileNotificationSender(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Checkout:DataDirectory"] = _data.FullName }).Build());

    public void Dispose()
    {
        _sender.Dispose();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task Messages_of_a_day_go_to_its_mailbox_an_email_with_its_subject_line_and_an_sms_without()
    {
        await _sender.SendAsync(new NotificationRecord("N-1", "CUST-1", "email", "a@example.com", "Your order ORD-1", "Thanks.", "ORD-1", SentAt), CancellationToken.None);
        await _sender.SendAsync(new NotificationRecord("N-2", "CUST-1", "sms", "+14155550123", string.Empty, "ORD-1 confirmed.", "ORD-1", SentAt.AddHours(1)), CancellationToken.None);

        Assert.Equal(
            "From checkout Mon Jun  1 12:00:00 2026\nTo: a@example.com\nSubject: Your order ORD-1\nDate: Mon, 01 Jun 2026 12:00:00 GMT\nX-Channel: email\nX-Order-Id: ORD-1\n\nThanks.\n\n" +
            "From checkout Mon Jun  1 13:00:00 2026\nTo: +14155550123\nDate: Mon, 01 Jun 2026 13:00:00 GMT\nX-Channel: sms\nX-Order-Id: ORD-1\n\nORD-1 confirmed.\n\n",
            await ReadAsync("2026-06-01.mbox"));
    }

    [Fact]
    public async Task A_message_goes_to_the_mailbox_of_its_day_in_utc_and_an_earlier_day_is_appended_to_again()
    {
        await _sender.SendAsync(Message("N-1", "first", new DateTimeOffset(2026, 6, 1, 23, 30, 0, TimeSpan.Zero)), CancellationToken.None);
        await _sender.SendAsync(Message("N-2", "second", new DateTimeOffset(2026, 6, 1, 20, 0, 0, TimeSpan.FromHours(-5))), CancellationToken.None);
        await _sender.SendAsync(Message("N-3", "third", new DateTimeOffset(2026, 6, 1, 23, 59, 0, TimeSpan.Zero)), CancellationToken.None);

        Assert.Equal(["2026-06-01.mbox", "2026-06-02.mbox"], Directory.GetFiles(_sender.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["first", "third"], Bodies(await ReadAsync("2026-06-01.mbox")));
        Assert.Equal(["second"], Bodies(await ReadAsync("2026-06-02.mbox")));
    }

    [Fact]
    public void The_mailboxes_are_in_the_notifications_folder_of_the_data_directory_or_of_dot_data()
    {
        Assert.Equal(Path.Combine(_data.FullName, "notifications"), _sender.Directory);
        using var byDefault = new FileNotificationSender(new ConfigurationBuilder().Build());
        Assert.Equal(Path.GetFullPath(Path.Combine(".data", "notifications")), byDefault.Directory);
    }

    [Fact]
    public async Task A_days_mailbox_is_opened_once_and_again_after_the_sender_was_disposed()
    {
        // Opened once, it stays the file written to even when moved away; opened per message, a
        // second file would appear under the day's name.
        await _sender.SendAsync(Message("N-1", "first", SentAt), CancellationToken.None);
        File.Move(Path.Combine(_sender.Directory, "2026-06-01.mbox"), Path.Combine(_sender.Directory, "moved.mbox"));
        await _sender.SendAsync(Message("N-2", "second", SentAt), CancellationToken.None);
        Assert.Equal(["first", "second"], Bodies(await ReadAsync("moved.mbox")));

        _sender.Dispose();
        await _sender.SendAsync(Message("N-3", "third", SentAt), CancellationToken.None);
        Assert.Equal(["third"], Bodies(await ReadAsync("2026-06-01.mbox")));
    }

    [Fact]
    public async Task A_days_mailbox_is_closed_when_the_next_day_begins_and_when_the_sender_is_disposed()
    {
        Assert.True(OperatingSystem.IsLinux(), "the open files are read from /proc/self/fd");
        await _sender.SendAsync(Message("N-1", "first", SentAt), CancellationToken.None);
        var first = Path.Combine(_sender.Directory, "2026-06-01.mbox");
        Assert.Equal(1, OpenHandlesTo(first));

        await _sender.SendAsync(Message("N-2", "second", SentAt.AddDays(1)), CancellationToken.None);
        var second = Path.Combine(_sender.Directory, "2026-06-02.mbox");
        Assert.Equal((0, 1), (OpenHandlesTo(first), OpenHandlesTo(second)));

        _sender.Dispose();
        Assert.Equal(0, OpenHandlesTo(second));
    }

    [Fact]
    public void A_body_line_that_could_open_a_message_is_quoted()
    {
        var text = FileNotificationSender.Format(Message("N-1", "From here\n>From there\nFromage\n From afar", SentAt));

        Assert.EndsWith("\n\n>From here\n>>From there\nFromage\n From afar\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_sent_at_once_are_each_written_whole()
    {
        // Eight threads released together by a barrier, each sending eight messages at once.
        const int Threads = 8, Each = 8;
        var body = new string('x', 20_000);
        using var barrier = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            barrier.SignalAndWait();
            for (var i = 0; i < Each; i++)
            {
                _sender.SendAsync(Message($"N-{t}-{i}", $"{(t * Each) + i}\n{body}", SentAt), CancellationToken.None).GetAwaiter().GetResult();
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        var bodies = Bodies(await ReadAsync("2026-06-01.mbox"));
        Assert.All(bodies, b => Assert.EndsWith($"\n{body}", b, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, Threads * Each), bodies.Select(b => int.Parse(b.Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task A_cancelled_send_writes_nothing()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sender.SendAsync(Message("N-1", "never", SentAt), new CancellationToken(canceled: true)));

        Assert.False(Directory.Exists(_sender.Directory) && Directory.EnumerateFiles(_sender.Directory).Any());
    }

    private static NotificationRecord Message(string id, string body, DateTimeOffset sentAt) =>
        new(id, "CUST-1", "sms", "+14155550123", string.Empty, body, "ORD-1", sentAt);

    // The body of each message: what lies between the blank line after its headers and the blank line that ends it.
    private static List<string> Bodies(string mailbox) =>
        [.. mailbox.Split("\n\nFrom checkout ").Select(message => message[(message.IndexOf("\n\n", StringComparison.Ordinal) + 2)..].TrimEnd('\n'))];

    // What this process has open, as Linux lists it: each descriptor a link to its file. Other
    // tests open and close files meanwhile, so a descriptor may be gone before it is read.
    private static int OpenHandlesTo(string path) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == path;
            }
            catch (IOException)
            {
                return false;
            }
        });

    private Task<string> ReadAsync(string file) => File.ReadAllTextAsync(Path.Combine(_sender.Directory, file));
}
