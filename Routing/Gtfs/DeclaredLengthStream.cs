namespace Mobility.Routing.Gtfs;

/// <summary>
/// Reads a zip entry no further than the size its header declares: an archive that claims a small file and inflates
/// to gigabytes fails at the first byte past the claim instead of burning CPU (the ratio checks trust the header).
/// </summary>
internal sealed class DeclaredLengthStream(Stream inner, string file, long declared) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => declared;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > declared)
        {
            throw new GtfsFeedException(new GtfsIssue(file, 0, null, $"inflates past the {declared} bytes its zip header declares (corrupt or crafted archive)"));
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
