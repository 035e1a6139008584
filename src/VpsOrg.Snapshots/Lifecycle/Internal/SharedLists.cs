using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>How the lifecycle helpers read a server's snapshots: through the client's shared rounds (<see cref="SnapshotObserver"/>) for the SDK's own clients, else one list.</summary>
internal static class SharedLists
{
    /// <summary>All of the server's snapshots as seen now: by a round that starts after this call, never a view that may lack one.</summary>
    public static async Task<IReadOnlyList<Snapshot>> OfServerAsync(ISnapshotsClient client, long serverId, CancellationToken cancellationToken) =>
        (await ViewAsync(client, serverId, null, complete: true, cancellationToken).ConfigureAwait(false)).Snapshots;

    /// <summary>
    /// The server's snapshots, as a round that started no earlier than <paramref name="notBefore"/> (a timestamp of the
    /// client's clock) saw them: a view another helper's round took since then serves as well (shared polls). Without
    /// <paramref name="complete"/>, the view may lack a snapshot (<see cref="ServerView.Complete"/> says so).
    /// </summary>
    public static async Task<ServerView> ViewAsync(ISnapshotsClient client, long serverId, long? notBefore, bool complete, CancellationToken cancellationToken)
    {
        if (client is ISdkClient sdk)
        {
            return await sdk.Core.Observer.SnapshotsOfAsync(sdk.Http, serverId, notBefore ?? long.MaxValue, complete, cancellationToken).ConfigureAwait(false);
        }

        var list = await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
        return new ServerView(list.Results.Where(s => s.Server.Id == serverId).ToList(), true);
    }
}
