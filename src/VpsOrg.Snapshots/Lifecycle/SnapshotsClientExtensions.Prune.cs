using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Lifecycle.Internal;

namespace VpsOrg.Snapshots;

public static partial class SnapshotsClientExtensions
{
    /// <summary>
    /// Deletes a server's old snapshots by rules: keep the newest <see cref="PruneOptions.KeepLast"/>, delete only
    /// those older than <see cref="PruneOptions.OlderThan"/> (on the client's clock). Only settled snapshots (completed
    /// or failed) are deleted, decided on a listing of the server requested now.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">The server.</param>
    /// <param name="options">The rules (at least one).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>What was deleted, oldest first, and what was kept.</returns>
    /// <exception cref="ArgumentException">No rule is set, or a rule is out of range.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    public static async Task<PruneResult> PruneAsync(this ISnapshotsClient client, long serverId, PruneOptions options, CancellationToken cancellationToken = default)
    {
        var plan = await PlanPruneAsync(client, serverId, options, cancellationToken).ConfigureAwait(false);
        return await plan.ApplyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What <see cref="PruneAsync"/> would delete, from a listing of the server requested now, without deleting
    /// anything (a dry run): show it, ask, then <see cref="PrunePlan.ApplyAsync"/>.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">The server.</param>
    /// <param name="options">The rules (at least one).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">No rule is set, or a rule is out of range.</exception>
    /// <exception cref="VpsApiException">The listing failed.</exception>
    public static async Task<PrunePlan> PlanPruneAsync(this ISnapshotsClient client, long serverId, PruneOptions options, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(serverId);
        Guard.NotNull(options);
        if (options.KeepLast is null && options.OlderThan is null)
        {
            throw new ArgumentException("Set KeepLast, OlderThan or both: a prune without a rule would delete everything.", nameof(options));
        }

        if (options.KeepLast is < 0 || options.OlderThan < TimeSpan.Zero)
        {
            throw new ArgumentException("KeepLast and OlderThan must not be negative.", nameof(options));
        }

        var onServer = await ClientLifecycle.FreshListingAsync(client, serverId, cancellationToken).ConfigureAwait(false);
        return PlanPrune(client, serverId, options, onServer);
    }

    /// <summary>The plan for <paramref name="onServer"/>, the server's snapshots as just listed (options already checked).</summary>
    private static PrunePlan PlanPrune(ISnapshotsClient client, long serverId, PruneOptions options, IReadOnlyList<Snapshot> onServer)
    {
        var now = ClientLifecycle.Clock(client).GetUtcNow();
        var newestFirst = SnapshotSelection.Own(onServer, serverId, options.NamePrefix);
        var failed = options.DeleteFailed ? newestFirst.Where(s => s.Status.IsFailure && s.Id != options.ProtectedSnapshotId).ToList() : [];
        var doomed = newestFirst
            .Except(failed)
            .Skip(options.KeepLast ?? 0)
            .Where(s => SnapshotSelection.IsSettled(s) && s.Id != options.ProtectedSnapshotId)
            .Where(s => options.OlderThan is not { } age || now - s.CreatedAt > age)
            .Concat(failed)
            .OrderBy(s => s.CreatedAt)
            .ThenBy(s => s.Id)
            .ToList();
        return new PrunePlan(client, serverId, doomed, newestFirst.Except(doomed).ToList());
    }
}
