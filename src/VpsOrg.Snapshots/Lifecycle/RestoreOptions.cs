namespace VpsOrg.Snapshots;

/// <summary>How <see cref="SnapshotsClientExtensions.SafeRestoreAsync"/> restores.</summary>
public sealed class RestoreOptions
{
    /// <summary>Snapshot the server's current state first (and wait for it), so the restore can be undone.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SafetySnapshot { get; set; } = true;

    /// <summary>The safety snapshot's name; <c>pre-restore-{snapshotId}-{yyyyMMdd-HHmmss}-{6 random hex digits}</c> when <see langword="null"/>.</summary>
    public string? SafetySnapshotName { get; set; }

    /// <summary>
    /// Whether snapshots may be deleted to make room for the safety snapshot, as
    /// <see cref="SnapshotsClientExtensions.MakeRoomAsync"/> chooses them: failed ones first whatever their age, then
    /// the oldest completed; never one in progress, nor the snapshot being restored. Off by default: at the limit the
    /// restore then fails with <see cref="SnapshotLimitExceededException"/> and nothing is deleted.
    /// </summary>
    public bool AllowRotation { get; set; }

    /// <summary>With <see cref="AllowRotation"/>, how many snapshots the server may hold after the safety snapshot.</summary>
    /// <value>Defaults to 5 (the API's limit).</value>
    public int KeepLast { get; set; } = SnapshotRules.MaxSnapshotsPerServer;

    /// <summary>How to wait for the safety snapshot to complete.</summary>
    public SnapshotWaitOptions Wait { get; set; } = new();
}
