using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>How the lifecycle helpers read a server's snapshots: through the client's shared rounds (<see cref="SnapshotObserver"/>) for the SDK's own clients, else one list.</summary>
internal static class SharedLists
{
    /// <summary>The server's snapshots as seen now: by a round that starts after this call.</summary>
    public static Task<IReadOnlyList<Snapshot>> OfServerAsync(ISnapshotsClient client, long serverId, CancellationToken cancellationToken) =>
        OfServerAsync(client, serverId, null, cancellationToken);

    /// <summary>
    /// The server's snapshots, as a round that started no earlier than <paramref name="notBefore"/> (a timestamp of the
    /// client's clock) saw them: a view another helper's round took since then serves as well (shared polls).
    /// </summary>
    public static async Task<IReadOnlyList<Snapshot>> OfServerAsync(ISnapshotsClient client, long serverId, long? notBefore, CancellationToken cancellationToken)
    {
        if (client is ISdkClient sdk)
        {
            return await sdk.Core.Observer.SnapshotsOfAsync(sdk.Http, serverId, notBefore ?? long.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        var list = await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
        return list.Results.Where(s => s.Server.Id == serverId).ToList();
    }
}
