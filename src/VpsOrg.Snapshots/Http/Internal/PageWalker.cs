using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Reads a list page by page, following <c>next</c> links by the rules of <see cref="PageCursor"/>.</summary>
internal sealed class PageWalker
{
    private readonly SnapshotsRestClient _rest;

    public PageWalker(SnapshotsRestClient rest)
    {
        _rest = rest;
    }

    /// <summary>
    /// The list in one call (one timeout for all its pages), or its first pages only, when <paramref name="enough"/>
    /// says after a page that the snapshots so far are all the caller needs.
    /// </summary>
    public async Task<Listing> ListAsync(Call call, long? serverId, Func<List<Snapshot>, bool>? enough = null)
    {
        var cursor = new PageCursor(_rest.BaseAddress, _rest.ListUri(serverId));
        var page = await GetPageAsync(call, cursor.Current).ConfigureAwait(false);
        var count = page.Count;
        var results = cursor.Fresh(page);
        var stopped = false;
        while (cursor.Advance(page))
        {
            if (enough is not null && enough(results))
            {
                stopped = true;
                break;
            }

            page = await GetPageAsync(call, cursor.Current).ConfigureAwait(false);
            results.AddRange(cursor.Fresh(page));
        }

        return new Listing(new SnapshotList { Count = count ?? results.Count, Results = results }, Whole: !stopped && !cursor.Changed);
    }

    /// <summary>One page at a time, each page its own call (timeout, retries) through <paramref name="getPage"/>, yielding as it goes.</summary>
    public async IAsyncEnumerable<Snapshot> EnumerateAsync(
        long? serverId,
        Func<Uri, CancellationToken, Task<SnapshotPage>> getPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new PageCursor(_rest.BaseAddress, _rest.ListUri(serverId));
        while (true)
        {
            var page = await getPage(cursor.Current, cancellationToken).ConfigureAwait(false);
            foreach (var snapshot in cursor.Fresh(page))
            {
                yield return snapshot;
            }

            if (!cursor.Advance(page))
            {
                yield break;
            }
        }
    }

    public Task<SnapshotPage> GetPageAsync(Call call, Uri uri) =>
        _rest.SendAsync(call, HttpMethod.Get, uri, null, SnapshotsJsonContext.Default.SnapshotPage);
}

/// <summary>A list as read, and whether it is whole: read to its end without changing between its pages.</summary>
internal sealed record Listing(SnapshotList List, bool Whole);
