using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Reads a response's whole body into a pooled buffer and puts it back on the response as a
/// <see cref="BufferedContent"/>, so whoever reads the body afterwards never waits on the network. Success bodies
/// are capped at <see cref="MaxBodyBytes"/>; error bodies at <see cref="MaxErrorBodyBytes"/>, and an error body cut
/// off by the connection keeps what arrived (the status is what matters).
/// </summary>
/// <remarks>
/// Azure.Core's <c>ResponseBodyPolicy</c> does the same inside each attempt, so the attempt timeout covers a body
/// that stalls mid-way; the client decodes the buffered bytes after the pipeline returns.
/// </remarks>
internal static class ResponseBuffer
{
    /// <summary>The largest success body (a page or a record) the SDK reads; a larger one is refused.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The largest error body kept for the exception.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private const int FirstRent = 4 * 1024;

    /// <summary>Buffers <paramref name="response"/>'s body (once: an already buffered body is returned as it is).</summary>
    public static async ValueTask<BufferedContent> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is BufferedContent done)
        {
            return done;
        }

        var original = response.Content;
        var success = response.IsSuccessStatusCode;
        var cap = success ? MaxBodyBytes : MaxErrorBodyBytes;
        var encoding = original is null ? null : ContentEncoding(original);
        var expected = encoding is null ? original?.Headers.ContentLength : null;
        var buffer = ArrayPool<byte>.Shared.Rent(expected is { } known and > 0 ? (int)Math.Min(known + 1, cap + 1) : FirstRent);
        var filled = 0;
        var tooLarge = false;
        try
        {
            if (original is not null)
            {
                try
                {
                    using var raw = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    using var stream = Decoded(raw, encoding);
                    var limit = cap + 1;
                    while (filled < limit)
                    {
                        if (filled == buffer.Length)
                        {
                            buffer = Grow(buffer, filled, limit);
                        }

                        var room = Math.Min(buffer.Length, limit) - filled;
                        var read = await stream.ReadAsync(buffer, filled, room, cancellationToken).ConfigureAwait(false);
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
                    throw new HttpRequestException($"The API's answer could not be read: its body is not valid '{encoding}' data.", ex);
                }
            }

            if (filled > cap)
            {
                tooLarge = true;
                filled = cap;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var content = new BufferedContent(original, buffer, filled, tooLarge);
        response.Content = content;
        return content;
    }

    /// <summary>
    /// What the client asks the API to compress with (<c>Accept-Encoding</c>): the body is decompressed here, while it is
    /// read, so the caps count what it expands to, and no handler has to parse the header on every request.
    /// </summary>
#if NET6_0_OR_GREATER
    public const string AcceptEncoding = "gzip, deflate, br";
#else
    public const string AcceptEncoding = "gzip";
#endif

    /// <summary>The media type of the response's body as the server declared it (<c>application/json</c>, <c>text/html</c>).</summary>
    public static string? MediaType(HttpResponseMessage response) =>
        (response.Content is BufferedContent { Original: { } original } ? original : response.Content)?.Headers.ContentType?.MediaType;

    /// <summary>The body's compression (<c>gzip</c>, <c>deflate</c>, <c>br</c>), or <see langword="null"/> for none (or one a handler already undid).</summary>
    private static string? ContentEncoding(HttpContent content)
    {
#if NET6_0_OR_GREATER
        if (!content.Headers.NonValidated.TryGetValues("Content-Encoding", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return value.Trim().ToLowerInvariant();
        }

        return null;
#else
        return content.Headers.TryGetValues("Content-Encoding", out var values) ? System.Linq.Enumerable.FirstOrDefault(values)?.Trim().ToLowerInvariant() : null;
#endif
    }

    private static Stream Decoded(Stream raw, string? encoding) => encoding switch
    {
        "gzip" or "x-gzip" => new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress),
#if NET6_0_OR_GREATER
        "deflate" => new System.IO.Compression.ZLibStream(raw, System.IO.Compression.CompressionMode.Decompress),
        "br" => new System.IO.Compression.BrotliStream(raw, System.IO.Compression.CompressionMode.Decompress),
#endif
        _ => raw,
    };

    private static byte[] Grow(byte[] buffer, int filled, int limit)
    {
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
        Buffer.BlockCopy(buffer, 0, next, 0, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return next;
    }
}
