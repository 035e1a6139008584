using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A response body read in full within its attempt (<see cref="ReadAsync"/>, by the retry handler, as Azure.Core's
/// <c>ResponseBodyPolicy</c> does, so the attempt timeout covers a body that stalls mid-way), put back on the response
/// so the client decodes it after the pipeline returns without waiting on the network. Success bodies are capped at
/// <see cref="MaxBodyBytes"/>, error bodies at <see cref="MaxErrorBodyBytes"/> (counted as read: decompressed, when
/// the transport decompresses); an error body cut off by the connection keeps what arrived (the status is what matters).
/// </summary>
internal sealed class BufferedContent : HttpContent
{
    /// <summary>The largest success body (a page or a record) the SDK reads; a larger one is refused.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The largest error body kept for the exception.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private const int FirstRent = 4 * 1024;

    private byte[]? _buffer;

    private BufferedContent(HttpContent? original, byte[] buffer, int length, bool tooLarge)
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

    /// <summary>The media type the server declared (<c>application/json</c>, <c>text/html</c>).</summary>
    public string? MediaType => Original?.Headers.ContentType?.MediaType;

    public ReadOnlySpan<byte> Span => _buffer is null ? default : _buffer.AsSpan(0, Length);

    /// <summary>The body the retry handler read within the attempt.</summary>
    public static BufferedContent Of(HttpResponseMessage response) =>
        response.Content as BufferedContent ?? throw new InvalidOperationException("The response did not come through the SDK's pipeline.");

    /// <summary>Reads <paramref name="response"/>'s whole body into a <see cref="BufferedContent"/> that replaces its content.</summary>
    public static async Task ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        var success = response.IsSuccessStatusCode;
        var cap = success ? MaxBodyBytes : MaxErrorBodyBytes;
        var expected = original?.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(expected is { } known and > 0 ? (int)Math.Min(known + 1, cap + 1) : FirstRent);
        var filled = 0;
        try
        {
            if (original is not null)
            {
                try
                {
                    using var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    while (filled <= cap)
                    {
                        if (filled == buffer.Length)
                        {
                            buffer = Grow(buffer, filled, cap + 1);
                        }

#if NET8_0_OR_GREATER
                        var read = await stream.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, cap + 1) - filled), cancellationToken).ConfigureAwait(false);
#else
                        var read = await stream.ReadAsync(buffer, filled, Math.Min(buffer.Length, cap + 1) - filled, cancellationToken).ConfigureAwait(false);
#endif
                        if (read == 0)
                        {
                            break;
                        }

                        filled += read;
                    }
                }
                catch (Exception ex) when (!success && ex is IOException or HttpRequestException or InvalidDataException)
                {
                    // An error body cut off mid-way (or garbled) still leaves the status code (and what arrived) to report.
                }
                catch (InvalidDataException ex)
                {
                    // A garbled compressed body is a transport failure like a body cut off: the request may have been carried out.
                    throw new HttpRequestException("The API's answer could not be read: its compressed body is not valid.", ex);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var tooLarge = filled > cap;
        response.Content = new BufferedContent(original, buffer, tooLarge ? cap : filled, tooLarge);
    }

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

    private static byte[] Grow(byte[] buffer, int filled, int limit)
    {
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
        Buffer.BlockCopy(buffer, 0, next, 0, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return next;
    }
}
