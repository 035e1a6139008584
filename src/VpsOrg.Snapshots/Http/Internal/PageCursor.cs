using System;
using System.Buffers;
using System.Collections.Generic;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// The state of one walk through a paginated list: follows a <c>next</c> link only on <c>BaseAddress</c>'s host
/// and over its own scheme and port, ends the walk on a link back to a page already read or past
/// <see cref="MaxPages"/>, and hands out each snapshot id once.
/// </summary>
internal struct PageCursor
{
    public const int MaxPages = 10_000;

    /// <summary>Up to this many snapshots, a page is checked for repeated ids pairwise; above it, on a sorted pooled copy.</summary>
    private const int SmallPage = 32;

    private readonly Uri _baseAddress;
    private readonly Uri _first;
    private HashSet<string>? _visited;
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
    /// Whether the walk may have missed a snapshot: the list shrank between two of its pages (its <c>count</c> went down,
    /// or a page did not say). The API lists newest first, so a create between two reads only shifts later pages
    /// forward (a repeated id, dropped); a delete shifts them back, and the first snapshot of the next page may then
    /// have moved onto the page already read. While the count never goes down, every delete was matched by a create
    /// ahead of it, and nothing was missed.
    /// </summary>
    public bool MayHaveMissed { get; private set; }

    /// <summary>The snapshots of <paramref name="page"/> whose ids this walk has not handed out yet.</summary>
    /// <remarks>
    /// With page-number pagination a snapshot created between two reads shifts the later pages, so an id can come
    /// twice (it is dropped) and a snapshot created during the walk may be missed.
    /// </remarks>
    public List<Snapshot> Fresh(SnapshotPage page)
    {
        // Pages counts the page being handed out (Advance moved to it), so past the first there is a count to compare.
        if (Pages > 1 && (page.Count is null || _lastCount is null || page.Count < _lastCount))
        {
            MayHaveMissed = true;
        }

        _lastCount = page.Count;
        var results = page.Results!;
        // The common case, one page with distinct ids, is checked without allocating; a set is built only for a walk
        // over several pages or a page that repeats an id.
        if (_seen is null && page.Next is null && !HasRepeats(results))
        {
            return results;
        }

        _seen ??= [];
        var fresh = new List<Snapshot>(results.Count);
        foreach (var snapshot in results)
        {
            if (_seen.Add(snapshot.Id))
            {
                fresh.Add(snapshot);
            }
        }

        return fresh;
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
        if (results.Count > SmallPage)
        {
            var ids = ArrayPool<long>.Shared.Rent(results.Count);
            try
            {
                for (var i = 0; i < results.Count; i++)
                {
                    ids[i] = results[i].Id;
                }

                Array.Sort(ids, 0, results.Count);
                for (var i = 1; i < results.Count; i++)
                {
                    if (ids[i] == ids[i - 1])
                    {
                        return true;
                    }
                }

                return false;
            }
            finally
            {
                ArrayPool<long>.Shared.Return(ids);
            }
        }

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
