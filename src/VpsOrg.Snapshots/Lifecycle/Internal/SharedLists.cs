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

    /// <summary>Now on the client's own clock, as <see cref="ViewAsync"/> takes it; <see langword="null"/> for a client that is not the SDK's (no shared rounds).</summary>
    public static long? Timestamp(ISnapshotsClient client) => client is ISdkClient sdk ? sdk.Core.Time.GetTimestamp() : null;

    /// <summary>
    /// The server's snapshots for a rotation's prune: the latest view a shared round took that started after
    /// <paramref name="since"/> (usually the one that saw the new snapshot completed), unless it may lack a snapshot (a list that shrank between
    /// its pages) and does lack one of <paramref name="known"/>: then the server's own listing.
    /// </summary>
    /// <remarks>
    /// <paramref name="known"/> is every snapshot the server held when the rotation listed it complete (less those it
    /// deleted), and the one it made. A view that shows them all misses at most a snapshot someone else made since that
    /// listing, which a listing right after it could not see either: the prune then keeps one too many, never deletes
    /// one too many. One that lacks any of them cannot tell "deleted meanwhile" from "shifted onto a page already
    /// read", and a prune counting it as kept could delete one too many: so it lists.
    /// </remarks>
    public static async Task<IReadOnlyList<Snapshot>> ForPruneAsync(ISnapshotsClient client, long serverId, IEnumerable<Snapshot> known, long? since, CancellationToken cancellationToken)
    {
        if (since is { } notBefore)
        {
            // Strictly after: a round started at the same tick may have listed the server before the create.
            var view = await ViewAsync(client, serverId, notBefore + 1, complete: false, cancellationToken).ConfigureAwait(false);
            if (view.Complete || known.All(k => view.Snapshots.Any(s => s.Id == k.Id)))
            {
                return view.Snapshots;
            }
        }

        return await OfServerAsync(client, serverId, cancellationToken).ConfigureAwait(false);
    }

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
