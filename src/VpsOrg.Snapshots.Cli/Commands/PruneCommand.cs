using System.CommandLine;
using System.Linq;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>prune --server ID [--keep N] [--older-than DURATION] [--prefix P] [--dry-run] [--yes]</c>.</summary>
internal static class PruneCommand
{
    public static Command Create(CliApp app)
    {
        var server = CliOptions.Id("--server", "the server whose snapshots to prune");
        var keep = CliOptions.Count("--keep", "keep the newest N", minimum: 1);
        var olderThan = CliOptions.Duration("--older-than", "delete only snapshots older than this");
        var prefix = new Option<string>("--prefix") { Description = "consider only snapshots whose name starts with this" };
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be deleted; delete nothing" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask (required without a terminal)" };
        var command = new Command("prune", "Delete a server's old snapshots by rules (never one in progress).") { server, keep, olderThan, prefix, dryRun, yes };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            if (parse.GetResult(keep) is null && parse.GetResult(olderThan) is null)
            {
                throw new UsageException("prune needs --keep N, --older-than DURATION or both: without a rule it would delete everything.");
            }

            var serverId = parse.GetValue(server);
            var options = new PruneOptions
            {
                KeepLast = parse.GetResult(keep) is null ? null : parse.GetValue(keep),
                OlderThan = parse.GetValue(olderThan),
                NamePrefix = parse.GetValue(prefix),
                DryRun = true,
                TimeProvider = ctx.Time,
            };
            var plan = await ctx.Client.PruneAsync(serverId, options, token).ConfigureAwait(false);
            var deleted = plan.Deleted.Select(s => s.Id).ToList();
            if (!parse.GetValue(dryRun) && deleted.Count > 0)
            {
                ctx.Confirm(parse.GetValue(yes), $"Delete {deleted.Count} snapshot(s) of server {serverId} permanently: {string.Join(", ", plan.Deleted.Select(s => $"{s.Id} '{s.Name}'"))}");
                foreach (var id in deleted)
                {
                    ctx.LeftBehind = $"Snapshot {id} may or may not have been deleted; check with: vps-snapshots list --server {serverId}";
                    try
                    {
                        await ctx.Client.DeleteAsync(id, token).ConfigureAwait(false);
                    }
                    catch (VpsNotFoundException)
                    {
                        // Deleted meanwhile by someone else: gone, as asked.
                    }
                }

                ctx.LeftBehind = null;
            }

            var report = new ServerReportJson(serverId, null, deleted, plan.Kept.Select(s => s.Id).ToList(), null);
            if (ctx.Json)
            {
                ctx.WriteJson([report], CliJsonContext.Default.ListServerReportJson);
            }
            else
            {
                var verb = parse.GetValue(dryRun) ? "would delete" : "deleted";
                ctx.Console.WriteLine($"server {serverId}: {verb} {(deleted.Count == 0 ? "nothing" : string.Join(", ", deleted))}; kept {(report.Kept.Count == 0 ? "none" : string.Join(", ", report.Kept))}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
