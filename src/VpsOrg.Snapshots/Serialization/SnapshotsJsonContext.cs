using System.Text.Json.Serialization;

namespace VpsOrg.Snapshots.Serialization;

/// <summary>The source-generated JSON metadata for every type on the wire (no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SnapshotPage))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(CreateSnapshotRequest))]
[JsonSerializable(typeof(RestoreResult))]
internal sealed partial class SnapshotsJsonContext : JsonSerializerContext
{
}
