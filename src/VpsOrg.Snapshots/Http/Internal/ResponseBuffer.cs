using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Reads a response's whole body, within its attempt, into a buffer and puts it back on the response as a
/// <see cref="BufferedContent"/>, so the client decodes it after the pipeline returns without waiting on the network.
/// Success bodies are capped at <see cref="MaxBodyBytes"/>; error bodies at <see cref="MaxErrorBodyBytes"/>, and an
/// error body cut off by the connection keeps what arrived (the status is what matters).
/// </summary>
/// <remarks>
/// Azure.Core's <c>ResponseBodyPolicy</c> does the same inside each attempt, so the attempt timeout covers a body
/// that stalls mid-way. The caps count the body as it is read: decompressed, when the transport decompresses.
/// </remarks>
internal static class ResponseBuffer
{
    /// <summary>The largest success body (a page or a record) the SDK reads; a larger one is refused.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The largest error body kept for the exception.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private const int FirstRent = 4 * 1024;

    /// <summary>The body the <see cref="RetryHandler"/> read within the attempt.</summary>
    public static BufferedContent Of(HttpResponseMessage response) =>
        response.Content as BufferedContent ?? throw new InvalidOperationException("The response did not come through the SDK's pipeline.");

    /// <summary>Reads <paramref name="response"/>'s body into a <see cref="BufferedContent"/> that replaces its content.</summary>
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

                        var read = await stream.ReadAsync(buffer, filled, Math.Min(buffer.Length, cap + 1) - filled, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The media type of the response's body as the server declared it (<c>application/json</c>, <c>text/html</c>).</summary>
    public static string? MediaType(HttpResponseMessage response) =>
        (response.Content is BufferedContent { Original: { } original } ? original : response.Content)?.Headers.ContentType?.MediaType;

    private static byte[] Grow(byte[] buffer, int filled, int limit)
    {
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
        Buffer.BlockCopy(buffer, 0, next, 0, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return next;
    }
}
