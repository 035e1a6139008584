using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Supplies the <c>Authorization: Bearer</c> header: the fixed <c>ApiToken</c> (header built once) or the options' provider.</summary>
internal sealed class BearerTokenSource
{
    private readonly AuthenticationHeaderValue? _fixed;
    private readonly Func<CancellationToken, ValueTask<string>>? _provider;

    public BearerTokenSource(VpsSnapshotsOptions options)
    {
        _provider = options.TokenProvider;
        if (_provider is null && !string.IsNullOrWhiteSpace(options.ApiToken))
        {
            _fixed = new AuthenticationHeaderValue("Bearer", options.ApiToken);
        }
    }

    /// <summary>
    /// Sets the header on <paramref name="request"/>; a provided token (not in the options) is also noted on the
    /// request's call, so error bodies that echo it are redacted.
    /// </summary>
    public void Apply(HttpRequestMessage request, AuthenticationHeaderValue header)
    {
        request.Headers.Authorization = header;
        if (_fixed is null)
        {
            CallRecord.Get(request)?.NoteSentToken(header.Parameter);
        }
    }

    public ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken)
    {
        return _fixed is not null ? new ValueTask<AuthenticationHeaderValue>(_fixed) : FromProviderAsync(cancellationToken);
    }

    private async ValueTask<AuthenticationHeaderValue> FromProviderAsync(CancellationToken cancellationToken)
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

        return new AuthenticationHeaderValue("Bearer", token);
    }
}
