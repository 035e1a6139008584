using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary>
/// <c>guard --server ID [--name NAME] [--prefix P] [--keep N] [--restore-on-failure] -- COMMAND [ARG ...]</c>: snapshot,
/// wait until completed, run COMMAND with <c>VPS_SNAPSHOT_ID</c>, and on failure say (or do) the rollback.
/// </summary>
internal static class GuardCommand
{
    public static Command Create(CliApp app)
    {
        var server = CliOptions.Id("--server", "the server the risky command changes");
        var name = CliOptions.Name("--name", "the snapshot's name (default <prefix><UTC yyyyMMdd-HHmmss>)", required: false);
        var prefix = new Option<string>("--prefix") { Description = "the name prefix of guard snapshots (default guard-)", DefaultValueFactory = _ => "guard-" };
        var keep = CliOptions.Count("--keep", "make room first and keep the newest N guard snapshots afterwards (same rules as rotate)", minimum: 1);
        var restore = new Option<bool>("--restore-on-failure") { Description = "if COMMAND fails, restore the snapshot (this flag is the consent)" };
        var commandLine = new Argument<string[]>("command") { Description = "the risky command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("guard", "Snapshot a server, then run a risky command; if it fails, print (or run) the rollback.")
        {
            server, name, prefix, keep, restore, commandLine,
        };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            var serverId = parse.GetValue(server);
            var guardPrefix = parse.GetValue(prefix)!;
            var keepLast = parse.GetResult(keep) is null ? (int?)null : parse.GetValue(keep);
            var own = new OwnSnapshots(ctx.Client, serverId, guardPrefix);
            if (keepLast is not null)
            {
                foreach (var deleted in await own.MakeRoomAsync(token).ConfigureAwait(false))
                {
                    ctx.Progress($"guard: deleted snapshot {deleted.Id} '{deleted.Name}' to make room");
                }
            }

            var snapshotName = parse.GetValue(name) is { Length: > 0 } given ? given : Formats.StampedName(guardPrefix, ctx.Time.GetUtcNow());
            ctx.LeftBehind = $"Snapshot '{snapshotName}' may or may not exist; check with: vps-snapshots list --server {serverId}. COMMAND did not run.";
            var created = await ctx.Client.CreateAsync(new CreateSnapshotRequest(serverId, snapshotName, "Taken by vps-snapshots guard before a risky command"), token).ConfigureAwait(false);
            var snapshot = await Waiting.UntilCompletedAsync(ctx, created, null, token).ConfigureAwait(false);
            var id = snapshot.Id.ToString(CultureInfo.InvariantCulture);

            var arguments = parse.GetValue(commandLine)!;
            ctx.LeftBehind = $"COMMAND was interrupted; to roll back: vps-snapshots restore {id} --yes";
            int exitCode;
            try
            {
                exitCode = await ctx.Environment.Runner.RunAsync(arguments[0], arguments.Skip(1).ToList(), new Dictionary<string, string> { ["VPS_SNAPSHOT_ID"] = id }, token).ConfigureAwait(false);
            }
            catch (CommandNotStartedException ex)
            {
                ctx.Progress($"guard: {ex.Message}; snapshot {id} was taken and nothing else changed.");
                exitCode = ProcessRunner.NotFound;
            }

            ctx.LeftBehind = null;
            if (exitCode != 0)
            {
                ctx.Progress($"guard: '{string.Join(' ', arguments)}' failed with exit code {exitCode}. To roll back server {serverId}: vps-snapshots restore {id} --yes");
                if (parse.GetValue(restore))
                {
                    await RestoreAsync(ctx, snapshot, token).ConfigureAwait(false);
                }
            }

            if (keepLast is { } n)
            {
                var (deleted, _) = await own.KeepNewestAsync(n, snapshot.Id, token).ConfigureAwait(false);
                foreach (var old in deleted)
                {
                    ctx.Progress($"guard: deleted old guard snapshot {old.Id} '{old.Name}'");
                }
            }

            // COMMAND's own exit code is guard's, once COMMAND has run.
            return exitCode;
        }, cancellationToken));
        return command;
    }

    private static async System.Threading.Tasks.Task RestoreAsync(CliContext ctx, Snapshot snapshot, System.Threading.CancellationToken token)
    {
        ctx.LeftBehind = $"The restore of snapshot {snapshot.Id} may or may not have started; check the server's status.";
        try
        {
            var result = await ctx.Client.RestoreAsync(snapshot.Id, token).ConfigureAwait(false);
            ctx.Progress($"guard: restoring server {result.Server.Id} from snapshot {result.Snapshot.Id}: {result.Message}");
        }
        catch (VpsApiException ex)
        {
            ctx.Progress($"guard: the restore failed: {ex.Message}. Roll back by hand: vps-snapshots restore {snapshot.Id} --yes");
        }
    }
}
