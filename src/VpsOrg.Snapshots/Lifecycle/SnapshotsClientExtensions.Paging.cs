using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

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
            ? sdk.Core.EnumerateAsync(sdk.Http, serverId, cancellationToken)
            : FromListAsync(client, serverId, cancellationToken);
    }

    private static async Task<Snapshot?> FindAsync(ISnapshotsClient client, long snapshotId, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in client.ListAllAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Id == snapshotId)
            {
                return snapshot;
            }
        }

        return null;
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
