using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Builds the SDK's pipeline, the one every client sends through however it was built: the retry handler (the
/// client's throttle and the timeouts inside it) and the authentication handler, over a transport: the SDK's own
/// primary handler, a caller's handler, or a caller's <see cref="HttpClient"/> (<see cref="HttpClientTransport"/>).
/// </summary>
internal static class SnapshotsPipeline
{
    /// <summary>The SDK's handlers, outermost first: retries around each attempt, then the token set on each attempt.</summary>
    public static IEnumerable<DelegatingHandler> CreateHandlers(SnapshotsClientCore core)
    {
        yield return new RetryHandler(core.Options, core.Throttle, core.Time, core.Logger, core.Metrics);
        yield return new AuthenticationHandler(core.Options);
    }

    /// <summary>
    /// The SDK's handlers over <paramref name="transport"/>, as an invoker (an <see cref="HttpClient"/> would mark each
    /// message as sent, and a caller's <see cref="HttpClient"/> underneath must send it). A transport the caller owns is
    /// not disposed with it (the SDK's handlers hold nothing that needs disposing).
    /// </summary>
    public static HttpMessageInvoker Create(SnapshotsClientCore core, HttpMessageHandler transport, bool ownsTransport)
    {
        HttpMessageHandler inner = transport;
        var handlers = new List<DelegatingHandler>(CreateHandlers(core));
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = inner;
            inner = handlers[i];
        }

        return new HttpMessageInvoker(inner, disposeHandler: ownsTransport);
    }

    /// <summary>
    /// The primary handler the SDK builds: pooled connections renewed every 5 minutes (DNS changes), gzip answers
    /// decompressed (what DRF's servers send; each further method costs the handler about 130 bytes a call, measured
    /// over loopback), and no redirects, so nothing (a body, a delete) is ever sent to another host.
    /// </summary>
    public static HttpMessageHandler CreatePrimaryHandler()
    {
#if NET8_0_OR_GREATER
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = System.TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip,
        };
#else
        return new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip,
        };
#endif
    }

    /// <summary>A caller's <see cref="HttpClient"/> as the transport under the SDK's handlers (Azure.Core's <c>HttpClientTransport</c>).</summary>
    public sealed class HttpClientTransport(HttpClient client) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
