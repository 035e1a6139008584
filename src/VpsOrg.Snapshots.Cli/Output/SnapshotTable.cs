using System;
using System.Collections.Generic;
using Spectre.Console;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>Snapshots as a table a person reads at a glance: id, name, status (coloured), size, created (UTC), age, server.</summary>
internal static class SnapshotTable
{
    public static void Write(IAnsiConsole console, IEnumerable<Snapshot> snapshots, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("ID");
        table.AddColumn("NAME");
        table.AddColumn("STATUS");
        table.AddColumn(new TableColumn("SIZE").RightAligned());
        table.AddColumn("CREATED (UTC)");
        table.AddColumn("AGE");
        table.AddColumn("SERVER");
        var rows = 0;
        foreach (var s in snapshots)
        {
            rows++;
            table.AddRow(
                new Text(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(s.Name),
                new Text(s.Status.Value, StatusStyle(s.Status)),
                new Text(Formats.Size(s.SizeMb)),
                new Text(Formats.Utc(s.CreatedAt)),
                new Text(Formats.Age(s.CreatedAt, now)),
                new Text($"{s.Server.Id} {s.Server.Name}".TrimEnd()));
        }

        if (rows == 0)
        {
            console.WriteLine("No snapshots.");
            return;
        }

        console.Write(table);
    }

    public static Style StatusStyle(SnapshotStatus status) =>
        status == SnapshotStatus.Completed ? new Style(Color.Green)
        : status == SnapshotStatus.InProgress ? new Style(Color.Yellow)
        : status.IsFailure ? new Style(Color.Red)
        : Style.Plain;
}
