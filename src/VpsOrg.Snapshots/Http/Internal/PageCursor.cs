using System;
using System.Collections.Generic;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// The state of one walk through a paginated list: follows a <c>next</c> link only on <c>BaseAddress</c>'s host
/// and over its own scheme and port, ends the walk on a link back to a page already read or past
/// <see cref="MaxPages"/>, hands out each snapshot id once, and notes whether the list changed while it was read.
/// </summary>
internal struct PageCursor
{
    public const int MaxPages = 10_000;

    private readonly Uri _baseAddress;
    private readonly Uri _first;
    private HashSet<string>? _visited;
    /// <summary>A page with no more than this many snapshots, and no next, is checked for repeated ids pair by pair.</summary>
    private const int SmallPage = 16;

    private HashSet<long>? _seen;
    private int? _lastCount;

    public PageCursor(Uri baseAddress, Uri first)
    {
        _baseAddress = baseAddress;
        _first = first;
        Current = first;
        Pages = 1;
    }

    public Uri Current { get; private set; }

    public int Pages { get; private set; }

    /// <summary>
    /// Whether the list changed between two of its pages (its <c>count</c> differs, or a later page did not say). The
    /// API lists newest first: a create between two reads shifts later pages forward (an id comes twice, and is
    /// dropped); a delete shifts them back, and a snapshot may move onto a page already read and be missed. A listing
    /// that a deletion decides on is read again when it changed.
    /// </summary>
    public bool Changed { get; private set; }

    /// <summary>The snapshots of <paramref name="page"/> whose ids this walk has not handed out yet.</summary>
    public List<Snapshot> Fresh(SnapshotPage page)
    {
        // Pages counts the page being handed out (Advance moved to it), so past the first there is a count to compare.
        if (Pages > 1 && (page.Count is null || _lastCount is null || page.Count != _lastCount))
        {
            Changed = true;
        }

        _lastCount = page.Count;
        var results = page.Results!;

        // Loopback measurement: a set for the usual one small page cost about 200 bytes a call (SPEC section 8 allows 1 KB in all).
        if (_seen is null && page.Next is null && results.Count <= SmallPage && !HasRepeats(results))
        {
            return results;
        }

        _seen ??= [];
        List<Snapshot>? fresh = null;
        for (var i = 0; i < results.Count; i++)
        {
            if (!_seen.Add(results[i].Id))
            {
                // The first id handed out before: from here on, a copy without the repeats.
                fresh ??= results.GetRange(0, i);
            }
            else
            {
                fresh?.Add(results[i]);
            }
        }

        return fresh ?? results;
    }

    /// <summary>Moves to the page after <paramref name="page"/>; <see langword="false"/> at the end of the list.</summary>
    /// <exception cref="VpsApiException">The link leaves BaseAddress's host, points back to a page already read, or the list never ends.</exception>
    public bool Advance(SnapshotPage page)
    {
        if (page.Next is not { Length: > 0 } next)
        {
            return false;
        }

        if (Pages >= MaxPages)
        {
            throw ApiErrorFactory.Protocol($"VPS.org API list on {_first.PathAndQuery} returned more than {MaxPages} pages; stopped following 'next' links.");
        }

        var uri = Resolve(next);
        _visited ??= [Current.AbsoluteUri];
        if (!_visited.Add(uri.AbsoluteUri))
        {
            throw ApiErrorFactory.Protocol(
                $"VPS.org API list on {_first.PathAndQuery} gave a 'next' link back to a page already read ('{ApiErrorFactory.RedactQuery(uri.PathAndQuery)}' after {Pages} page(s)); " +
                "stopped, because following it would never end.");
        }

        Current = uri;
        Pages++;
        return true;
    }

    private Uri Resolve(string next)
    {
        if (!Uri.TryCreate(Current, next, out var uri) ||
            !string.Equals(uri.Host, _baseAddress.Host, StringComparison.OrdinalIgnoreCase) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw ApiErrorFactory.Protocol(
                $"VPS.org API list on {Current.PathAndQuery} gave a 'next' link to '{ApiErrorFactory.RedactQuery(next)}', which is not on {_baseAddress.Host}; " +
                "it was not followed, because the API token is only ever sent to BaseAddress.");
        }

        if (uri.Scheme == _baseAddress.Scheme && uri.Port == _baseAddress.Port)
        {
            return uri;
        }

        // A DRF behind a TLS-terminating proxy writes http:// links: follow them over BaseAddress's own scheme and port,
        // so the token never travels over plain http.
        return new UriBuilder(uri) { Scheme = _baseAddress.Scheme, Port = _baseAddress.Port }.Uri;
    }

    private static bool HasRepeats(List<Snapshot> results)
    {
        for (var i = 1; i < results.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (results[i].Id == results[j].Id)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
