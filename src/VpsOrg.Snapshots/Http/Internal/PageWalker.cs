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

    /// <summary>Every page of the list in one call (one budget for all pages).</summary>
#if NET6_0_OR_GREATER
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<SnapshotList> ListAsync(Call call, long? serverId, ListingNotes? notes = null)
    {
        var cursor = new PageCursor(_rest.BaseAddress, _rest.ListUri(serverId));
        var page = await GetPageAsync(call, cursor.Current).ConfigureAwait(false);
        var count = page.Count;
        var results = cursor.Fresh(page);
        while (cursor.Advance(page))
        {
            page = await GetPageAsync(call, cursor.Current).ConfigureAwait(false);
            results.AddRange(cursor.Fresh(page));
        }

        if (notes is not null)
        {
            notes.MayHaveMissed = cursor.MayHaveMissed;
        }

        return new SnapshotList { Count = count ?? results.Count, Results = results };
    }

    /// <summary>One page at a time, each page its own call (budget, retries) through <paramref name="getPage"/>, yielding as it goes.</summary>
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

    public ValueTask<SnapshotPage> GetPageAsync(Call call, Uri uri) =>
        _rest.SendAsync(call, HttpMethod.Get, uri, null, SnapshotsJsonContext.Default.SnapshotPage);
}

/// <summary>What a walk learned beyond its snapshots, for a caller that asks (the shared rounds).</summary>
internal sealed class ListingNotes
{
    /// <summary>Whether the list shrank between two of its pages, so a snapshot may be missing (<see cref="PageCursor.MayHaveMissed"/>).</summary>
    public bool MayHaveMissed { get; set; }
}
