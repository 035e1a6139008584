using System;
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

    /// <summary>Whether every header is the same fixed token (so nothing needs to be remembered for redaction).</summary>
    public bool IsFixed => _fixed is not null;

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
