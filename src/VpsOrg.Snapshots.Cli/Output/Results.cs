using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary><c>list</c>: the snapshots, newest first, as a table or a JSON array.</summary>
internal sealed class SnapshotsResult(IReadOnlyList<Snapshot> snapshots) : ICliResult
{
    public void WriteTable(IAnsiConsole console, DateTimeOffset now) => SnapshotTable.Write(console, snapshots, now);

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var snapshot in snapshots)
        {
            SnapshotJson.Write(writer, snapshot);
        }

        writer.WriteEndArray();
    }
}

/// <summary><c>create</c> and <c>wait</c>: one snapshot.</summary>
internal sealed class SnapshotResult(Snapshot snapshot) : ICliResult
{
    public void WriteTable(IAnsiConsole console, DateTimeOffset now) => SnapshotTable.Write(console, [snapshot], now);

    public void WriteJson(Utf8JsonWriter writer) => SnapshotJson.Write(writer, snapshot);
}

/// <summary><c>restore</c>: the API's restore result.</summary>
internal sealed class RestoreOutcome(RestoreResult result) : ICliResult
{
    public void WriteTable(IAnsiConsole console, DateTimeOffset now) =>
        console.WriteLine($"Server {result.Server.Id} {result.Server.Name} is {result.Server.Status ?? "restoring"} from snapshot {result.Snapshot.Id} '{result.Snapshot.Name}': {result.Message}");

    public void WriteJson(Utf8JsonWriter writer) => SnapshotJson.Write(writer, result);
}

/// <summary><c>delete</c>: the ids deleted.</summary>
internal sealed class DeletedResult(IReadOnlyList<long> ids) : ICliResult
{
    public void WriteTable(IAnsiConsole console, DateTimeOffset now)
    {
        foreach (var id in ids)
        {
            console.WriteLine($"deleted snapshot {id.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var id in ids)
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }
}

/// <summary>What <c>prune</c> or <c>rotate</c> did (or, for a dry run, would do) on one server.</summary>
internal sealed record ServerReport(long ServerId, Snapshot? Created, IReadOnlyList<long> Deleted, IReadOnlyList<long> Kept, string? Error)
{
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("server_id", ServerId);
        writer.WritePropertyName("created");
        if (Created is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            SnapshotJson.Write(writer, Created);
        }

        WriteIds(writer, "deleted", Deleted);
        WriteIds(writer, "kept", Kept);
        if (Error is null)
        {
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteString("error", Error);
        }

        writer.WriteEndObject();
    }

    /// <summary>Ids as a person reads them in a line: <c>801, 798</c>, or <c>none</c>.</summary>
    public static string List(IReadOnlyList<long> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    private static void WriteIds(Utf8JsonWriter writer, string name, IReadOnlyList<long> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }
}

/// <summary><c>prune</c> and <c>rotate</c>: one report per server, in the order the servers were given; <paramref name="summary"/> is what a person reads at the end.</summary>
internal sealed class ServerReportsResult(IReadOnlyList<ServerReport> reports, IReadOnlyList<string> summary) : ICliResult
{
    public void WriteTable(IAnsiConsole console, DateTimeOffset now)
    {
        foreach (var line in summary)
        {
            console.WriteLine(line);
        }
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var report in reports)
        {
            report.WriteJson(writer);
        }

        writer.WriteEndArray();
    }
}
