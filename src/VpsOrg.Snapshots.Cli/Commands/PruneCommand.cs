using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>prune</c>'s options.</summary>
internal sealed record PruneCommandOptions(long ServerId, int? Keep, TimeSpan? OlderThan, string? Prefix, bool DryRun, bool Yes);

/// <summary><c>prune --server ID [--keep N] [--older-than DURATION] [--prefix P] [--dry-run] [--yes]</c>: the SDK's plan, consent, then the SDK applies it.</summary>
internal static class PruneCommand
{
    public static ICliCommand Create()
    {
        var server = CliOptions.Id("--server", "the server whose snapshots to prune");
        var keep = CliOptions.Keep("--keep", "keep the newest N");
        var olderThan = CliOptions.Duration("--older-than", "delete only snapshots older than this");
        var prefix = CliOptions.Name("--prefix", "consider only snapshots whose name starts with this", required: false);
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be deleted; delete nothing" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask (required without a terminal)" };
        var command = new Command("prune", "Delete a server's old snapshots by rules (only completed or failed ones, never one in progress).") { server, keep, olderThan, prefix, dryRun, yes };
        return new CliCommand<PruneCommandOptions>(
            command,
            parse =>
            {
                if (parse.GetResult(keep) is null && parse.GetResult(olderThan) is null)
                {
                    throw new UsageException("prune needs --keep N, --older-than DURATION or both: without a rule it would delete everything.");
                }

                return new PruneCommandOptions(parse.GetValue(server), CliOptions.Optional(parse, keep), parse.GetValue(olderThan), parse.GetValue(prefix), parse.GetValue(dryRun), parse.GetValue(yes));
            },
            RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, PruneCommandOptions options, CancellationToken token)
    {
        var rules = new PruneOptions { KeepLast = options.Keep, OlderThan = options.OlderThan, NamePrefix = options.Prefix };
        var plan = await ctx.Client.PlanPruneAsync(options.ServerId, rules, token).ConfigureAwait(false);
        if (!options.DryRun && plan.Deleted.Count > 0)
        {
            ctx.Confirm(options.Yes, $"Delete {plan.Deleted.Count} snapshot(s) of server {options.ServerId} permanently: {string.Join(", ", plan.Deleted.Select(s => $"{s.Id} '{s.Name}'"))}");
            ctx.LeftBehind = $"Some of snapshots {string.Join(", ", plan.Deleted.Select(s => s.Id))} may or may not have been deleted; check with: vps-snapshots list --server {options.ServerId}";
            await plan.ApplyAsync(token).ConfigureAwait(false);
            ctx.LeftBehind = null;
        }

        var report = new ServerReport(options.ServerId, null, plan.Deleted.Select(s => s.Id).ToList(), plan.Kept.Select(s => s.Id).ToList(), null);
        var verb = options.DryRun ? "would delete" : "deleted";
        var line = $"server {options.ServerId}: {verb} {(report.Deleted.Count == 0 ? "nothing" : ServerReport.List(report.Deleted))}; kept {ServerReport.List(report.Kept)}";
        ctx.Output.Write(new ServerReportsResult([report], [line]));
        return ExitCodes.Success;
    }
}
