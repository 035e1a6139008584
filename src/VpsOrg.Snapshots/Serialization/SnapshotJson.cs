using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace VpsOrg.Snapshots;

/// <summary>
/// Writes snapshots and restore results as the API writes them: its snake_case field names in its order, its time
/// format (<c>2025-01-15T18:30:00Z</c>), <c>size_mb</c> and <c>description</c> as <c>null</c> when absent, and any
/// field the SDK does not know (<see cref="Snapshot.AdditionalProperties"/>) kept, so a script can compare the output
/// with the API's own answers.
/// </summary>
public static class SnapshotJson
{
    /// <summary>Writes one snapshot as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, Snapshot snapshot)
    {
        Internal.Guard.NotNull(writer);
        Internal.Guard.NotNull(snapshot);
        writer.WriteStartObject();
        writer.WriteNumber("id", snapshot.Id);
        writer.WriteStartObject("server");
        writer.WriteNumber("id", snapshot.Server.Id);
        WriteStringOrNull(writer, "name", snapshot.Server.Name);
        writer.WriteEndObject();
        writer.WriteString("name", snapshot.Name);
        writer.WriteString("status", snapshot.Status.Value);
        if (snapshot.SizeMb is { } size)
        {
            writer.WriteNumber("size_mb", size);
        }
        else
        {
            writer.WriteNull("size_mb");
        }

        writer.WriteString("created_at", SnapshotRules.FormatTimestamp(snapshot.CreatedAt));
        WriteStringOrNull(writer, "description", snapshot.Description);
        if (snapshot.Message is not null)
        {
            writer.WriteString("message", snapshot.Message);
        }

        foreach (var extra in snapshot.AdditionalProperties)
        {
            writer.WritePropertyName(extra.Key);
            extra.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a restore result as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="result">The restore result.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, RestoreResult result)
    {
        Internal.Guard.NotNull(writer);
        Internal.Guard.NotNull(result);
        writer.WriteStartObject();
        writer.WriteString("status", result.Status);
        WriteStringOrNull(writer, "message", result.Message);
        writer.WriteStartObject("snapshot");
        writer.WriteNumber("id", result.Snapshot.Id);
        WriteStringOrNull(writer, "name", result.Snapshot.Name);
        if (result.Snapshot.CreatedAt is { } created)
        {
            writer.WriteString("created_at", SnapshotRules.FormatTimestamp(created));
        }
        else
        {
            writer.WriteNull("created_at");
        }

        writer.WriteEndObject();
        writer.WriteStartObject("server");
        writer.WriteNumber("id", result.Server.Id);
        WriteStringOrNull(writer, "name", result.Server.Name);
        WriteStringOrNull(writer, "status", result.Server.Status);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One snapshot as indented JSON text.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The JSON.</returns>
    public static string Serialize(Snapshot snapshot) => ToText(w => Write(w, snapshot));

    /// <summary>Snapshots as an indented JSON array, in the order given.</summary>
    /// <param name="snapshots">The snapshots.</param>
    /// <returns>The JSON.</returns>
    public static string Serialize(IEnumerable<Snapshot> snapshots) => ToText(w =>
    {
        w.WriteStartArray();
        foreach (var snapshot in Internal.Guard.NotNull(snapshots))
        {
            Write(w, snapshot);
        }

        w.WriteEndArray();
    });

    /// <summary>A restore result as indented JSON text.</summary>
    /// <param name="result">The restore result.</param>
    /// <returns>The JSON.</returns>
    public static string Serialize(RestoreResult result) => ToText(w => Write(w, result));

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string ToText(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
