using System;

namespace VpsOrg.Snapshots;

/// <summary>How <see cref="SnapshotsClientExtensions.RotateAsync"/> takes a scheduled snapshot and keeps the newest of its kind.</summary>
public sealed class RotationOptions
{
    /// <summary>
    /// The name prefix of this schedule's snapshots. Only snapshots with it are ever deleted, kept or counted as
    /// the schedule's own; snapshots made by hand or by another schedule are never touched.
    /// </summary>
    /// <value>Defaults to <c>auto-</c>.</value>
    public string NamePrefix { get; set; } = "auto-";

    /// <summary>How many of the prefix's snapshots to keep, the new one included (1 to the API's limit of 5).</summary>
    /// <value>Defaults to 5.</value>
    public int KeepLast { get; set; } = SnapshotRules.MaxSnapshotsPerServer;

    /// <summary>The new snapshot's name; <c>&lt;NamePrefix&gt;&lt;UTC yyyyMMdd-HHmmss&gt;</c> on the client's clock when <see langword="null"/>. It must start with <see cref="NamePrefix"/>.</summary>
    public string? Name { get; set; }

    /// <summary>The new snapshot's description.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// How to wait for the new snapshot to complete before older ones are deleted (a schedule never gives up a good
    /// rollback point for one that is not finished). <see langword="null"/> to not wait: then the older snapshots
    /// are pruned while the new one is still in progress.
    /// </summary>
    public SnapshotWaitOptions? Wait { get; set; } = new();

    internal void Validate()
    {
        if (!SnapshotRules.IsValidName(NamePrefix))
        {
            throw new ArgumentException($"NamePrefix '{NamePrefix}' must be a non-empty snapshot name prefix (letters, digits, hyphens, underscores).", nameof(NamePrefix));
        }

        if (KeepLast < 1 || KeepLast > SnapshotRules.MaxSnapshotsPerServer)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepLast), KeepLast, $"KeepLast must be 1 to {SnapshotRules.MaxSnapshotsPerServer} (the API's limit).");
        }

        if (Name is not null && (!SnapshotRules.IsValidName(Name) || !Name.StartsWith(NamePrefix, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Name '{Name}' must be a valid snapshot name that starts with the prefix '{NamePrefix}'.", nameof(Name));
        }

        Wait?.Validate();
    }
}
