namespace VpsOrg.Snapshots;

/// <summary>The server a snapshot belongs to, as embedded in a snapshot.</summary>
public sealed record ServerReference
{
    /// <summary>The server's id.</summary>
    public required long Id { get; init; }

    /// <summary>The server's name, for example <c>web-server-01</c>.</summary>
    public string? Name { get; init; }
}
