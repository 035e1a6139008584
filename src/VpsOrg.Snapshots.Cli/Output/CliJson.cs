using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>A snapshot in the API's own snake_case field names, as <c>-o json</c> writes it.</summary>
internal sealed record SnapshotJson(long Id, ServerJson Server, string Name, string Status, long? SizeMb, DateTimeOffset CreatedAt, string? Description)
{
    public static SnapshotJson From(Snapshot s) =>
        new(s.Id, new ServerJson(s.Server.Id, s.Server.Name), s.Name, s.Status.Value, s.SizeMb, s.CreatedAt, s.Description);

    public static List<SnapshotJson> From(IEnumerable<Snapshot> snapshots) => snapshots.Select(From).ToList();
}

/// <summary>The server a snapshot belongs to.</summary>
internal sealed record ServerJson(long Id, string? Name);

/// <summary>The API's restore result.</summary>
internal sealed record RestoreJson(string Status, string? Message, RestoredSnapshotJson Snapshot, RestoredServerJson Server)
{
    public static RestoreJson From(RestoreResult r) =>
        new(r.Status, r.Message, new RestoredSnapshotJson(r.Snapshot.Id, r.Snapshot.Name, r.Snapshot.CreatedAt), new RestoredServerJson(r.Server.Id, r.Server.Name, r.Server.Status));
}

/// <summary>The snapshot named in a restore result.</summary>
internal sealed record RestoredSnapshotJson(long Id, string? Name, DateTimeOffset? CreatedAt);

/// <summary>The server named in a restore result.</summary>
internal sealed record RestoredServerJson(long Id, string? Name, string? Status);

/// <summary>What <c>prune</c> and <c>rotate</c> did on one server.</summary>
internal sealed record ServerReportJson(long ServerId, SnapshotJson? Created, List<long> Deleted, List<long> Kept, string? Error);

/// <summary>The tool's JSON, source-generated (no reflection: the AOT binary needs none).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<SnapshotJson>))]
[JsonSerializable(typeof(SnapshotJson))]
[JsonSerializable(typeof(RestoreJson))]
[JsonSerializable(typeof(List<long>))]
[JsonSerializable(typeof(List<ServerReportJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}
