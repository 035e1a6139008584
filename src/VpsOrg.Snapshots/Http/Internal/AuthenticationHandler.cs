using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Sets <c>Authorization: Bearer</c> on every attempt (inside the retry handler, so a rotated token is picked up on
/// retry): the options' fixed <c>ApiToken</c> (header built once), or a token from the options' provider.
/// </summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly AuthenticationHeaderValue? _fixed;
    private readonly Func<CancellationToken, ValueTask<string>>? _provider;

    public AuthenticationHandler(VpsSnapshotsOptions options)
    {
        _provider = options.TokenProvider;
        if (_provider is null && !string.IsNullOrWhiteSpace(options.ApiToken))
        {
            _fixed = new AuthenticationHeaderValue("Bearer", options.ApiToken);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_fixed is null)
        {
            return SendWithProvidedTokenAsync(request, cancellationToken);
        }

        request.Headers.Authorization = _fixed;
        return base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWithProvidedTokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_provider is null)
        {
            throw new InvalidOperationException("No API token is configured: set VpsSnapshotsOptions.ApiToken or TokenProvider.");
        }

        var token = await _provider(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException("VpsSnapshotsOptions.TokenProvider returned an empty token.");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
