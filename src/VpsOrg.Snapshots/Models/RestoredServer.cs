namespace VpsOrg.Snapshots;

/// <summary>The server named in a <see cref="RestoreResult"/>.</summary>
public sealed record RestoredServer
{
    /// <summary>The server's id.</summary>
    public required long Id { get; init; }

    /// <summary>The server's name.</summary>
    public string? Name { get; init; }

    /// <summary>The server's status after the restore started, for example <c>restoring</c>.</summary>
    public string? Status { get; init; }
}
