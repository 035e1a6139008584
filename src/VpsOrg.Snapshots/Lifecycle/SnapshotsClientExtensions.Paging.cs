using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Lifecycle.Internal;

namespace VpsOrg.Snapshots;

public static partial class SnapshotsClientExtensions
{
    /// <summary>
    /// Streams every snapshot, fetching list pages only as they are consumed (memory bounded by one page with the
    /// SDK's clients; other implementations fall back to <see cref="ISnapshotsClient.ListAsync"/>).
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">Only this server's snapshots; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The snapshots, newest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="serverId"/> is zero or negative.</exception>
    public static IAsyncEnumerable<Snapshot> ListAllAsync(this ISnapshotsClient client, long? serverId = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        if (serverId is { } id)
        {
            Guard.PositiveId(id, nameof(serverId));
        }

        return client is ISdkClient sdk
            ? sdk.Core.EnumerateAsync(sdk.Sender, serverId, cancellationToken)
            : FromListAsync(client, serverId, cancellationToken);
    }

    /// <summary>
    /// Reads the whole list (every account's snapshot, one request per page) to find one snapshot: the API has no
    /// get-by-id. Stops at the page that holds it.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshotId">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The snapshot as listed now.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapshotId"/> is zero or negative.</exception>
    /// <exception cref="VpsNotFoundException">No snapshot has this id.</exception>
    /// <exception cref="VpsApiException">The listing failed.</exception>
    public static async Task<Snapshot> FindInListAsync(this ISnapshotsClient client, long snapshotId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(snapshotId);
        await foreach (var snapshot in client.ListAllAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Id == snapshotId)
            {
                return snapshot;
            }
        }

        throw SnapshotSelection.NotFound($"Snapshot {snapshotId} does not exist.");
    }

    private static async IAsyncEnumerable<Snapshot> FromListAsync(ISnapshotsClient client, long? serverId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in list.Results)
        {
            yield return snapshot;
        }
    }
}
