namespace Checkout.Bff.Errors;

/// <summary>
/// The body of an /api response while the request runs: a success goes straight to the client;
/// an error (status 400 or more when its first byte is written or flushed) is held back, so
/// <see cref="ApiErrorMiddleware"/> can rewrite it once the request is done. Buffering every
/// response instead cost a copy of each body and an array grown for it per request.
/// </summary>
internal sealed class ErrorHoldingStream(HttpResponse response, Stream client) : Stream
{
    private Stream? _target;
    private MemoryStream? _held;

    /// <summary>What an error response wrote, if anything; null for a success.</summary>
    public MemoryStream? Held => _held;

    /// <summary>Decided once, at the first write or flush: by then the status is the response's.</summary>
    private Stream Target => _target ??= response.StatusCode >= StatusCodes.Status400BadRequest ? _held = new MemoryStream() : client;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => Target.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Target.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => Target.WriteAsync(buffer, cancellationToken);

    public override void Flush() => Target.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Target.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _held?.Dispose();
        }

        base.Dispose(disposing);
    }
}
