using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VpsOrg.Snapshots.Serialization;

/// <summary>Reads and writes <see cref="SnapshotStatus"/> as its wire string, whatever the value.</summary>
internal sealed class SnapshotStatusJsonConverter : JsonConverter<SnapshotStatus>
{
    public override SnapshotStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A snapshot status must be a JSON string, got {reader.TokenType}.");
        }

        // The known values are compared on the raw bytes first so the common case allocates nothing.
        if (reader.ValueTextEquals("completed"u8))
        {
            return SnapshotStatus.Completed;
        }

        if (reader.ValueTextEquals("in_progress"u8))
        {
            return SnapshotStatus.InProgress;
        }

        return new SnapshotStatus(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, SnapshotStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
