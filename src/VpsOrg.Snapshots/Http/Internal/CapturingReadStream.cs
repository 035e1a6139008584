using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A read-only pass-through over a response body that keeps its first bytes (so a body that fails to
/// deserialize can still be quoted without buffering every response) and refuses to read past a size cap.
/// </summary>
internal sealed class CapturingReadStream : Stream
{
    private const int Capacity = 1024;
    private readonly Stream _inner;
    private readonly int _limit;
    private byte[]? _prefix;
    private int _captured;
    private int _total;

    public CapturingReadStream(Stream inner, int limit)
    {
        _inner = inner;
        _limit = limit;
    }

    /// <summary>Whether the body ran past the cap (the read that crossed it threw <see cref="InvalidDataException"/>).</summary>
    public bool TooLarge { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public string Excerpt() => _prefix is null ? string.Empty : Encoding.UTF8.GetString(_prefix, 0, _captured);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        Capture(buffer.AsSpan(offset, read));
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        Capture(buffer.AsSpan(offset, read));
        return read;
    }

#if NET8_0_OR_GREATER
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Capture(buffer.Span.Slice(0, read));
        return read;
    }
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _prefix is not null)
        {
            ArrayPool<byte>.Shared.Return(_prefix);
            _prefix = null;
        }

        base.Dispose(disposing);
    }

    private void Capture(ReadOnlySpan<byte> data)
    {
        if (data.Length > _limit - _total)
        {
            TooLarge = true;
            throw new InvalidDataException($"The response body is larger than {_limit} bytes.");
        }

        _total += data.Length;

        if (_captured >= Capacity || data.IsEmpty)
        {
            return;
        }

        _prefix ??= ArrayPool<byte>.Shared.Rent(Capacity);
        var take = Math.Min(Capacity - _captured, data.Length);
        data.Slice(0, take).CopyTo(_prefix.AsSpan(_captured));
        _captured += take;
    }
}
