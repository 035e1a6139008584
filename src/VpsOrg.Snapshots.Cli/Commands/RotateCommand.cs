using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>rotate</c>'s options.</summary>
internal sealed record RotateCommandOptions(IReadOnlyList<long> ServerIds, int Keep, string Prefix, bool Wait, string? Description);

/// <summary>
/// <c>rotate --server ID [--server ID ...] --keep N [--prefix P] [--no-wait] [--description TEXT]</c>: the scheduled
/// command, the SDK's <see cref="SnapshotsClientExtensions.RotateAsync"/> per server.
/// </summary>
internal static class RotateCommand
{
    public static ICliCommand Create()
    {
        var servers = new Option<long[]>("--server")
        {
            Description = "a server to rotate (repeat for several)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r => CliOptions.PositiveIds(r, "--server"),
        };
        var keep = CliOptions.Keep("--keep", "keep the newest N snapshots with the prefix");
        keep.Required = true;
        var prefix = CliOptions.Name("--prefix", "the name prefix of this schedule's snapshots (default auto-)", required: false, fallback: "auto-");
        var noWait = new Option<bool>("--no-wait") { Description = "do not wait for the new snapshot to complete" };
        var description = new Option<string>("--description") { Description = "the new snapshots' description" };
        var command = new Command("rotate", "Take a scheduled snapshot per server and keep the newest N of its prefix; never touches other snapshots.")
        {
            servers, keep, prefix, noWait, description,
        };
        return new CliCommand<RotateCommandOptions>(
            command,
            parse => new RotateCommandOptions(parse.GetValue(servers)!, parse.GetValue(keep), parse.GetValue(prefix)!, !parse.GetValue(noWait), parse.GetValue(description)),
            RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, RotateCommandOptions options, CancellationToken token)
    {
        var reports = new List<ServerReport>();
        var code = ExitCodes.Success;
        foreach (var serverId in options.ServerIds)
        {
            var (report, serverCode) = await RotateServerAsync(ctx, serverId, options, token).ConfigureAwait(false);
            reports.Add(report);
            code = ExitCodes.Worst(code, serverCode);
        }

        ctx.Output.Write(new ServerReportsResult(reports, []));
        return code;
    }

    private static async Task<(ServerReport Report, int Code)> RotateServerAsync(CliContext ctx, long serverId, RotateCommandOptions options, CancellationToken token)
    {
        var started = ctx.Time.GetTimestamp();
        var deleted = new List<long>();
        Snapshot? created = null;
        var progress = new SyncProgress<RotationProgress>(step =>
        {
            switch (step.Step)
            {
                case RotationStep.Deleted:
                    deleted.Add(step.Snapshot!.Id);
                    break;
                case RotationStep.Creating:
                    ctx.LeftBehind = $"Snapshot '{step.Name}' may or may not exist on server {serverId}; check with: vps-snapshots list --server {serverId}";
                    break;
                case RotationStep.Created:
                    created = step.Snapshot;
                    ctx.LeftBehind = $"Snapshot {created!.Id} goes on being created on server {serverId}; check it with: vps-snapshots list --server {serverId}";
                    break;
            }
        });
        var rotation = new RotationOptions
        {
            NamePrefix = options.Prefix,
            KeepLast = options.Keep,
            Description = options.Description,
            Wait = options.Wait ? ctx.WaitOptions() : null,
            TimeProvider = ctx.Time,
        };
        try
        {
            var result = await ctx.Client.RotateAsync(serverId, rotation, progress, token).ConfigureAwait(false);
            ctx.LeftBehind = null;
            var made = result.Created;
            var kept = result.Kept.Select(s => s.Id).ToList();
            ctx.Output.Line($"server {serverId}: created {made.Name} (snapshot {made.Id}, {(made.SizeMb is null ? made.Status.Value : Formats.Size(made.SizeMb))}, {Durations.Short(ctx.Time.GetElapsedTime(started))}); deleted {ServerReport.List(deleted)}; kept {ServerReport.List(kept)}");
            return (new ServerReport(serverId, made, deleted, kept, null), ExitCodes.Success);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // One server failing does not stop the others.
            ctx.LeftBehind = null;
            ctx.Output.Line($"server {serverId}: failed: {ex.Message}{(created is null ? string.Empty : $" (snapshot {created.Id} was created)")}; deleted {ServerReport.List(deleted)}");
            return (new ServerReport(serverId, created, deleted, [], ex.Message), ExitCodes.For(ex));
        }
    }
}
