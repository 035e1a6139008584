using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Lifecycle.Internal;

namespace VpsOrg.Snapshots;

public static partial class SnapshotsClientExtensions
{
    /// <summary>
    /// Restores a snapshot, with <see cref="RestoreOptions.SafetySnapshot"/> first snapshotting the server's current
    /// state and waiting for it to complete, so the restore can be undone by restoring the safety snapshot.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshotId">The snapshot to restore.</param>
    /// <param name="options">Whether and how to take the safety snapshot.</param>
    /// <param name="cancellationToken">Cancels the calls and waits.</param>
    /// <returns>The restore result, the safety snapshot and any snapshots rotated away.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapshotId"/> is zero or negative.</exception>
    /// <exception cref="VpsNotFoundException">The snapshot does not exist.</exception>
    /// <exception cref="SnapshotLimitExceededException">The server is at its limit and rotation was not allowed; nothing was restored.</exception>
    /// <exception cref="SnapshotFailedException">The safety snapshot failed; nothing was restored.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    /// <exception cref="TimeoutException">The safety snapshot did not complete in time; nothing was restored.</exception>
    public static async Task<SafeRestoreResult> SafeRestoreAsync(this ISnapshotsClient client, long snapshotId, RestoreOptions options, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(snapshotId);
        Guard.NotNull(options);
        if (!options.SafetySnapshot)
        {
            var direct = await client.RestoreAsync(snapshotId, cancellationToken).ConfigureAwait(false);
            return new SafeRestoreResult { Restore = direct, Deleted = [] };
        }

        options.Wait.Validate();
        var target = await client.FindInListAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        var time = ClientLifecycle.Clock(client);
        var name = options.SafetySnapshotName
            ?? string.Format(CultureInfo.InvariantCulture, "pre-restore-{0}-{1:yyyyMMdd-HHmmss}-{2}", snapshotId, time.GetUtcNow().UtcDateTime, UniqueSuffix());
        var request = new CreateSnapshotRequest(target.Server.Id, name, $"Safety snapshot before restoring snapshot {snapshotId} ({target.Name})");

        var rotation = options.AllowRotation
            ? await Rooms.CreateMakingRoomAsync(client, request, options.KeepLast, namePrefix: null, snapshotId, null, cancellationToken).ConfigureAwait(false)
            : new RotationResult { Created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false), Deleted = [] };

        var safety = await client.WaitForCompletionAsync(rotation.Created, options.Wait, null, cancellationToken).ConfigureAwait(false);
        var restore = await client.RestoreAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        return new SafeRestoreResult { Restore = restore, SafetySnapshot = safety, Deleted = rotation.Deleted };
    }

    /// <summary>Six random hex digits, so names the helpers generate in the same second on two machines differ.</summary>
    private static string UniqueSuffix() =>
        ((int)(SharedRandom.NextDouble() * 0xFFFFFF)).ToString("x6", CultureInfo.InvariantCulture);
}
