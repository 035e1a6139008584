using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Testing;

/// <summary>
/// The emulator as an in-memory <see cref="HttpMessageHandler"/>: requests never touch a socket. Dropped and
/// refused connections surface as the <see cref="HttpRequestException"/>s <c>SocketsHttpHandler</c> would throw.
/// </summary>
public sealed class SnapshotsEmulatorHandler : HttpMessageHandler
{
    private readonly SnapshotsEmulator _emulator;

    /// <summary>Creates a handler over <paramref name="emulator"/>.</summary>
    /// <param name="emulator">The emulator that answers.</param>
    public SnapshotsEmulatorHandler(SnapshotsEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        _emulator = emulator;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var emulated = new EmulatorRequest(
            request.Method.Method,
            new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"),
            uri.AbsolutePath,
            uri.Query,
            request.Headers.Authorization?.ToString(),
            body);

        var answer = await _emulator.HandleAsync(emulated, cancellationToken).ConfigureAwait(false);
        if (answer.Refuse)
        {
            throw new HttpRequestException($"Connection refused ({uri.Authority})", new SocketException((int)SocketError.ConnectionRefused));
        }

        if (answer.Drop)
        {
            throw new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely."));
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.StatusCode) { RequestMessage = request };
        response.Content = new ReadOnlyMemoryContent(answer.Body);
        if (answer.ContentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
        }

        foreach (var header in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return response;
    }
}
