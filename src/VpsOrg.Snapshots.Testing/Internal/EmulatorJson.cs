using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>Writes the API's JSON answers; snapshots and restore results through the SDK's own <see cref="SnapshotJson"/> (the API's shape in one place).</summary>
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

    public static byte[] Restore(RestoreResult result) => Write(w => SnapshotJson.Write(w, result));

    public static string Timestamp(DateTimeOffset value) => SnapshotRules.FormatTimestamp(value);
}
