namespace VpsOrg.Snapshots;

/// <summary>The API's answer to a restore: the restore has started, and the server is restoring.</summary>
public sealed record RestoreResult
{
    /// <summary>The outcome reported by the API, for example <c>success</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The API's human-readable message.</summary>
    public string? Message { get; init; }

    /// <summary>The snapshot being restored.</summary>
    public required RestoredSnapshot Snapshot { get; init; }

    /// <summary>The server being restored, with its new status (for example <c>restoring</c>).</summary>
    public required RestoredServer Server { get; init; }
}
