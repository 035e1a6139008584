using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Sets <c>Authorization: Bearer</c> on every attempt (inside the retry handler, so a rotated token is picked up on retry).</summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly BearerTokenSource _tokens;

    public AuthenticationHandler(BearerTokenSource tokens)
    {
        _tokens = tokens;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = _tokens.GetHeaderAsync(cancellationToken);
        if (header.IsCompletedSuccessfully)
        {
            // A fixed token: no state machine on the hot path.
            _tokens.Apply(request, header.Result);
            return base.SendAsync(request, cancellationToken);
        }

        return SendWithProvidedTokenAsync(header, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWithProvidedTokenAsync(ValueTask<AuthenticationHeaderValue> header, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _tokens.Apply(request, await header.ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
