using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>
/// What the lifecycle helpers take from the client they run on: its one clock, its poller, and fresh listings. The
/// SDK's own clients give their own (and page through the list themselves); any other <see cref="ISnapshotsClient"/>
/// gets the system clock and its own <see cref="ISnapshotsClient.ListAsync"/>.
/// </summary>
internal static class ClientLifecycle
{
    /// <summary>How many times a listing that changed between its pages is read again before it is used as it is.</summary>
    private const int ListingReads = 3;

    /// <summary>The client's one clock.</summary>
    public static TimeProvider Clock(ISnapshotsClient client) => client is ISdkClient sdk ? sdk.Core.Time : TimeProvider.System;

    /// <summary>
    /// The server's snapshots from a listing requested now and read whole: read again when it changed between its
    /// pages (a delete meanwhile shifts a snapshot onto a page already read, and the listing then shows one that is gone
    /// and misses one that is there: a prune on it could delete the newest). After <see cref="ListingReads"/> reads that
    /// all changed, nothing is decided on it.
    /// </summary>
    /// <exception cref="VpsApiException">The listing changed between its pages on every read.</exception>
    public static async Task<IReadOnlyList<Snapshot>> FreshListingAsync(ISnapshotsClient client, long serverId, CancellationToken cancellationToken)
    {
        if (client is not ISdkClient sdk)
        {
            return OfServer((await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false)).Results, serverId);
        }

        for (var read = 1; read <= ListingReads; read++)
        {
            var listing = await sdk.Core.ListingAsync(sdk.Sender, serverId, null, cancellationToken).ConfigureAwait(false);
            if (listing.Whole)
            {
                return OfServer(listing.List.Results, serverId);
            }
        }

        throw new VpsApiException(
            $"The snapshots of server {serverId} changed between the pages of its listing {ListingReads} times in a row; nothing was deleted on a listing that may show a snapshot that is gone and miss one that is there.",
            0,
            null,
            null,
            null,
            null);
    }

    /// <summary>
    /// Waits for <paramref name="snapshot"/> on the client's poller (its waits share each round); throws
    /// <see cref="SnapshotFailedException"/> when it failed.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="options">How to poll, and for how long.</param>
    /// <param name="progress">Receives the snapshot as seen at each poll.</param>
    /// <param name="poller">For a client that is not the SDK's: the poller of the batch the wait belongs to, if any.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<WaitOutcome> WaitAsync(ISnapshotsClient client, Snapshot snapshot, SnapshotWaitOptions options, IProgress<Snapshot>? progress, SnapshotPoller? poller, CancellationToken cancellationToken)
    {
        SnapshotPoller.Lister list;
        SnapshotsMetrics metrics;
        if (client is ISdkClient sdk)
        {
            poller = SnapshotPoller.Of(sdk.Core);
            metrics = sdk.Core.Metrics;
            list = (serverId, enough) => sdk.Core.ListingAsync(sdk.Sender, serverId, enough, CancellationToken.None);
        }
        else
        {
            poller ??= new SnapshotPoller(TimeProvider.System);
            metrics = SnapshotsMetrics.Shared;
            list = async (serverId, _) => new Listing(await client.ListAsync(serverId, CancellationToken.None).ConfigureAwait(false), Whole: true);
        }

        var time = Clock(client);
        var started = time.GetTimestamp();
        try
        {
            // A snapshot already settled needs no poll.
            var outcome = SnapshotSelection.IsSettled(snapshot)
                ? new WaitOutcome(snapshot, null)
                : await poller.WaitAsync(snapshot, options, list, progress, cancellationToken).ConfigureAwait(false);
            if (outcome.Snapshot.Status.IsFailure)
            {
                throw new SnapshotFailedException(outcome.Snapshot);
            }

            metrics.WaitEnded(time.GetElapsedTime(started), outcome.Snapshot.Status.Value, null);
            return outcome;
        }
        catch (Exception ex)
        {
            metrics.WaitEnded(time.GetElapsedTime(started), (ex as SnapshotFailedException)?.Snapshot?.Status.Value, ex);
            throw;
        }
    }

    private static List<Snapshot> OfServer(IEnumerable<Snapshot> snapshots, long serverId) =>
        snapshots.Where(s => s.Server.Id == serverId).ToList();
}
