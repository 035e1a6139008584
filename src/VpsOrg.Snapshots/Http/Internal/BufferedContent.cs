using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A response body read in full within its attempt (see <see cref="ResponseBuffer"/>): its bytes in a pooled buffer
/// (returned when the response is disposed), whether the body was larger than its cap, and the content it replaced
/// (kept for its headers: copying them would cost more per call than the rest of the client).
/// </summary>
internal sealed class BufferedContent : HttpContent
{
    private byte[]? _buffer;

    public BufferedContent(HttpContent? original, byte[] buffer, int length, bool tooLarge)
    {
        Original = original;
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    /// <summary>The content as the transport gave it (its stream read to the end), for its headers.</summary>
    public HttpContent? Original { get; }

    /// <summary>How many bytes were read (at most the cap).</summary>
    public int Length { get; }

    /// <summary>Whether the body went on past the cap; only the first bytes were kept.</summary>
    public bool TooLarge { get; }

    public ReadOnlySpan<byte> Span => _buffer is null ? default : _buffer.AsSpan(0, Length);

    public string Text() => _buffer is null ? string.Empty : Encoding.UTF8.GetString(_buffer, 0, Length);

    /// <summary>The first bytes as text, for an exception that quotes the body.</summary>
    public string Excerpt(int max = 1024) => _buffer is null ? string.Empty : Encoding.UTF8.GetString(_buffer, 0, Math.Min(Length, max));

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _buffer is null ? Task.CompletedTask : stream.WriteAsync(_buffer, 0, Length);

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_buffer ?? [], 0, _buffer is null ? 0 : Length, writable: false));

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            Original?.Dispose();
        }

        base.Dispose(disposing);
    }
}
