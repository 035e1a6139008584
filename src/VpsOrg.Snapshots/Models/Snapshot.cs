using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VpsOrg.Snapshots;

/// <summary>A point-in-time copy of a whole server, as listed or as just created.</summary>
public sealed record Snapshot
{
    /// <summary>The snapshot's id, used by <see cref="ISnapshotsClient.RestoreAsync"/> and <see cref="ISnapshotsClient.DeleteAsync"/>.</summary>
    public required long Id { get; init; }

    /// <summary>The server the snapshot was taken of.</summary>
    public required ServerReference Server { get; init; }

    /// <summary>The snapshot's name (letters, digits, hyphens, underscores).</summary>
    public required string Name { get; init; }

    /// <summary>The snapshot's status; see <see cref="SnapshotStatus"/> for the known values.</summary>
    public required SnapshotStatus Status { get; init; }

    /// <summary>The snapshot's size in megabytes; <see langword="null"/> while it is being created.</summary>
    public long? SizeMb { get; init; }

    /// <summary>When the snapshot was taken (UTC, whole seconds, on the server's clock).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The optional description given at creation.</summary>
    public string? Description { get; init; }

    /// <summary>The API's message about a snapshot it has just started creating; <see langword="null"/> in lists.</summary>
    public string? Message { get; init; }

    /// <summary>Fields the API sent that this version of the SDK does not know, kept as raw JSON. Never null.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties =>
        (IReadOnlyDictionary<string, JsonElement>?)ExtensionData ?? EmptyExtensionData;

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    private static readonly Dictionary<string, JsonElement> EmptyExtensionData = new();
}
