using System.Diagnostics.CodeAnalysis;

namespace VpsOrg.Snapshots;

/// <summary>What to snapshot: the body of <see cref="ISnapshotsClient.CreateAsync"/>.</summary>
public sealed record CreateSnapshotRequest
{
    /// <summary>Creates an empty request; set <see cref="ServerId"/> and <see cref="Name"/>.</summary>
    public CreateSnapshotRequest()
    {
    }

    /// <summary>Creates a request for a snapshot of <paramref name="serverId"/> named <paramref name="name"/>.</summary>
    /// <param name="serverId">The id of the server to snapshot.</param>
    /// <param name="name">The snapshot's name: letters, digits, hyphens and underscores only.</param>
    /// <param name="description">An optional description.</param>
    [SetsRequiredMembers]
    public CreateSnapshotRequest(long serverId, string name, string? description = null)
    {
        ServerId = serverId;
        Name = name;
        Description = description;
    }

    /// <summary>The id of the server to snapshot.</summary>
    public required long ServerId { get; init; }

    /// <summary>The snapshot's name: letters, digits, hyphens and underscores only.</summary>
    public required string Name { get; init; }

    /// <summary>An optional description; omitted from the request when <see langword="null"/>.</summary>
    public string? Description { get; init; }
}
