using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Sets <c>Authorization: Bearer</c> on every attempt (inside the retry handler, so a rotated token is picked up on retry).</summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly TokenSource _tokens;

    public AuthenticationHandler(TokenSource tokens)
    {
        _tokens = tokens;
    }

    public AuthenticationHandler(TokenSource tokens, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _tokens = tokens;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = _tokens.GetHeaderAsync(cancellationToken);
        if (header.IsCompletedSuccessfully)
        {
            // A fixed token: no state machine on the hot path.
            request.Headers.Authorization = header.Result;
            return base.SendAsync(request, cancellationToken);
        }

        return SendWithProvidedTokenAsync(header, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWithProvidedTokenAsync(ValueTask<System.Net.Http.Headers.AuthenticationHeaderValue> header, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = await header.ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
