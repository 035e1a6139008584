using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>Writes the API's JSON shapes field by field, in the seed page's order (no reflection).</summary>
internal static class EmulatorJson
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    public static void Snapshot(Utf8JsonWriter w, long id, long serverId, string serverName, string name, string status, long? sizeMb, DateTimeOffset createdAt, string? description, string? message)
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteStartObject("server");
        w.WriteNumber("id", serverId);
        w.WriteString("name", serverName);
        w.WriteEndObject();
        w.WriteString("name", name);
        w.WriteString("status", status);
        if (sizeMb is { } size)
        {
            w.WriteNumber("size_mb", size);
        }
        else
        {
            w.WriteNull("size_mb");
        }

        w.WriteString("created_at", Timestamp(createdAt));
        if (description is null)
        {
            w.WriteNull("description");
        }
        else
        {
            w.WriteString("description", description);
        }

        if (message is not null)
        {
            w.WriteString("message", message);
        }

        w.WriteEndObject();
    }

    public static byte[] Detail(string detail) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("detail", detail);
        w.WriteEndObject();
    });

    public static byte[] FieldErrors(IEnumerable<KeyValuePair<string, string>> errors) => Write(w =>
    {
        w.WriteStartObject();
        foreach (var error in errors)
        {
            w.WriteStartArray(error.Key);
            w.WriteStringValue(error.Value);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    public static byte[] Restore(long snapshotId, string snapshotName, DateTimeOffset createdAt, long serverId, string serverName) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteString("message", "Server is being restored from snapshot. This may take 5-15 minutes.");
        w.WriteStartObject("snapshot");
        w.WriteNumber("id", snapshotId);
        w.WriteString("name", snapshotName);
        w.WriteString("created_at", Timestamp(createdAt));
        w.WriteEndObject();
        w.WriteStartObject("server");
        w.WriteNumber("id", serverId);
        w.WriteString("name", serverName);
        w.WriteString("status", "restoring");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
