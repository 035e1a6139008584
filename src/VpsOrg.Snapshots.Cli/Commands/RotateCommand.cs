using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary>
/// <c>rotate --server ID [--server ID ...] --keep N [--prefix P] [--no-wait] [--description TEXT]</c>: the scheduled
/// command. Per server: make room if full, create <c>&lt;prefix&gt;&lt;UTC time&gt;</c>, wait, keep the newest N of the prefix.
/// </summary>
internal static class RotateCommand
{
    public static Command Create(CliApp app)
    {
        var servers = new Option<long[]>("--server")
        {
            Description = "a server to rotate (repeat for several)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r => CliOptions.PositiveIds(r, "--server"),
        };
        var keep = CliOptions.Count("--keep", "keep the newest N snapshots with the prefix (1 to 5)", minimum: 1);
        keep.Required = true;
        var prefix = new Option<string>("--prefix") { Description = "the name prefix of this schedule's snapshots (default auto-)", DefaultValueFactory = _ => "auto-" };
        var noWait = new Option<bool>("--no-wait") { Description = "do not wait for the new snapshot to complete" };
        var description = new Option<string>("--description") { Description = "the new snapshots' description" };
        var command = new Command("rotate", "Take a scheduled snapshot per server and keep the newest N of its prefix; never touches other snapshots.")
        {
            servers, keep, prefix, noWait, description,
        };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            var reports = new List<ServerReportJson>();
            var code = ExitCodes.Success;
            foreach (var serverId in parse.GetValue(servers)!)
            {
                var (report, serverCode) = await RotateAsync(ctx, serverId, parse.GetValue(prefix)!, parse.GetValue(keep), !parse.GetValue(noWait), parse.GetValue(description), token).ConfigureAwait(false);
                reports.Add(report);
                code = ExitCodes.Worst(code, serverCode);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(reports, CliJsonContext.Default.ListServerReportJson);
            }

            return code;
        }, cancellationToken));
        return command;
    }

    private static async Task<(ServerReportJson Report, int Code)> RotateAsync(CliContext ctx, long serverId, string prefix, int keep, bool wait, string? description, CancellationToken token)
    {
        var own = new OwnSnapshots(ctx.Client, serverId, prefix);
        var started = ctx.Time.GetTimestamp();
        var deleted = new List<long>();
        Snapshot? created = null;
        try
        {
            deleted.AddRange((await own.MakeRoomAsync(token).ConfigureAwait(false)).Select(s => s.Id));
            var name = Formats.StampedName(prefix, ctx.Time.GetUtcNow());
            ctx.LeftBehind = $"Snapshot '{name}' may or may not exist on server {serverId}; check with: vps-snapshots list --server {serverId}";
            created = await ctx.Client.CreateAsync(new CreateSnapshotRequest(serverId, name, description), token).ConfigureAwait(false);
            ctx.LeftBehind = null;
            if (wait)
            {
                created = await Waiting.UntilCompletedAsync(ctx, created, null, token).ConfigureAwait(false);
            }

            var (pruned, kept) = await own.KeepNewestAsync(keep, created.Id, token).ConfigureAwait(false);
            deleted.AddRange(pruned.Select(s => s.Id));
            var report = new ServerReportJson(serverId, SnapshotJson.From(created), deleted, kept.Select(s => s.Id).ToList(), null);
            Summary(ctx, $"server {serverId}: created {created.Name} (snapshot {created.Id}, {(created.SizeMb is null ? created.Status.Value : Formats.Size(created.SizeMb))}, {Durations.Short(ctx.Time.GetElapsedTime(started))}); deleted {List(deleted)}; kept {List(report.Kept)}");
            return (report, ExitCodes.Success);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // One server failing does not stop the others.
            var code = ExitCodes.For(ex);
            Summary(ctx, $"server {serverId}: failed: {ex.Message}{(created is null ? string.Empty : $" (snapshot {created.Id} was created)")}; deleted {List(deleted)}");
            return (new ServerReportJson(serverId, created is null ? null : SnapshotJson.From(created), deleted, [], ex.Message), code);
        }
    }

    /// <summary>One line per server, readable in a cron mail or a journal: stdout, or stderr when stdout carries JSON.</summary>
    private static void Summary(CliContext ctx, string line)
    {
        if (ctx.Json)
        {
            ctx.Progress(line);
        }
        else
        {
            ctx.Console.WriteLine(line);
        }
    }

    private static string List(List<long> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);
}
