namespace VpsOrg.Snapshots;

/// <summary>One step of a rotation, as it happens: what a caller needs to report progress, or what was left behind when the rotation is cancelled.</summary>
/// <param name="Step">What happened.</param>
/// <param name="Name">The new snapshot's name.</param>
/// <param name="Snapshot">The snapshot the step is about (deleted, created, or the new one as last seen); <see langword="null"/> for <see cref="RotationStep.Creating"/>.</param>
public sealed record RotationProgress(RotationStep Step, string Name, Snapshot? Snapshot);

/// <summary>The steps of a rotation.</summary>
public enum RotationStep
{
    /// <summary>A snapshot of the prefix was deleted (to make room, or as older than the newest kept).</summary>
    Deleted,

    /// <summary>The create is about to be sent: from now on the new snapshot may exist.</summary>
    Creating,

    /// <summary>The API accepted the create.</summary>
    Created,

    /// <summary>The new snapshot as seen by a poll while waiting.</summary>
    Polled,
}
