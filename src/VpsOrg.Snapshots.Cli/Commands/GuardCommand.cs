using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>guard</c>'s options.</summary>
internal sealed record GuardOptions(long ServerId, string? Name, string Prefix, int? Keep, bool RestoreOnFailure, IReadOnlyList<string> CommandLine);

/// <summary>
/// <c>guard --server ID [--name NAME] [--prefix P] [--keep N] [--restore-on-failure] -- COMMAND [ARG ...]</c>: snapshot,
/// wait until completed, run COMMAND with <c>VPS_SNAPSHOT_ID</c>, and on failure say (or do) the rollback. With
/// <c>--keep</c>, room and the newest N are the SDK's rotation rules for the prefix.
/// </summary>
internal static class GuardCommand
{
    public static ICliCommand Create()
    {
        var server = CliOptions.Id("--server", "the server the risky command changes");
        var name = CliOptions.Name("--name", "the snapshot's name (default <prefix><UTC yyyyMMdd-HHmmss>)", required: false);
        var prefix = CliOptions.Name("--prefix", "the name prefix of guard snapshots (default guard-)", required: false, fallback: "guard-");
        var keep = CliOptions.Keep("--keep", "make room first and keep the newest N guard snapshots afterwards (same rules as rotate)");
        var restore = new Option<bool>("--restore-on-failure") { Description = "if COMMAND fails, restore the snapshot (this flag is the consent)" };
        var commandLine = new Argument<string[]>("command") { Description = "the risky command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("guard", "Snapshot a server, then run a risky command; if it fails, print (or run) the rollback.")
        {
            server, name, prefix, keep, restore, commandLine,
        };
        return new CliCommand<GuardOptions>(
            command,
            parse => new GuardOptions(parse.GetValue(server), parse.GetValue(name), parse.GetValue(prefix)!, CliOptions.Optional(parse, keep), parse.GetValue(restore), parse.GetValue(commandLine)!),
            RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, GuardOptions options, CancellationToken token)
    {
        var serverId = options.ServerId;
        if (options.Keep is not null)
        {
            foreach (var deleted in await ctx.Client.MakeRoomAsync(serverId, options.Prefix, null, token).ConfigureAwait(false))
            {
                ctx.Output.Progress($"guard: deleted snapshot {deleted.Id} '{deleted.Name}' to make room");
            }
        }

        var snapshotName = options.Name is { Length: > 0 } given ? given : SnapshotRules.StampedName(options.Prefix, ctx.Time.GetUtcNow());
        ctx.LeftBehind = $"Snapshot '{snapshotName}' may or may not exist; check with: vps-snapshots list --server {serverId}. COMMAND did not run.";
        var created = await ctx.Client.CreateAsync(new CreateSnapshotRequest(serverId, snapshotName, "Taken by vps-snapshots guard before a risky command"), token).ConfigureAwait(false);
        var snapshot = await WaitDisplay.UntilCompletedAsync(ctx, created, null, token).ConfigureAwait(false);
        var id = snapshot.Id.ToString(CultureInfo.InvariantCulture);

        var arguments = options.CommandLine;
        CommandExit exit;
        try
        {
            // Once COMMAND runs, guard only supervises it: signals are COMMAND's, and guard reports how it really ended.
            ctx.LeftBehind = null;
            exit = await ctx.Environment.Runner.RunAsync(arguments[0], arguments.Skip(1).ToList(), new Dictionary<string, string> { ["VPS_SNAPSHOT_ID"] = id }, token).ConfigureAwait(false);
        }
        catch (CommandNotStartedException ex)
        {
            ctx.Output.Progress($"guard: {ex.Message}; snapshot {id} was taken and nothing else changed.");
            exit = new CommandExit(ProcessRunner.NotFound, null);
        }

        if (exit.Code != 0)
        {
            var how = exit.Signal is { } signal ? $"was ended by {ExitCodes.SignalName(signal)} (exit code {exit.Code})" : $"failed with exit code {exit.Code}";
            ctx.Output.Progress($"guard: '{string.Join(' ', arguments)}' {how}. To roll back server {serverId}: vps-snapshots restore {id} --yes");
            if (options.RestoreOnFailure)
            {
                await RestoreAsync(ctx, snapshot, token).ConfigureAwait(false);
            }
        }

        if (options.Keep is { } n)
        {
            var kept = await ctx.Client.PruneAsync(serverId, new PruneOptions { KeepLast = n, NamePrefix = options.Prefix, ProtectedSnapshotId = snapshot.Id, DeleteFailed = true }, token).ConfigureAwait(false);
            foreach (var old in kept.Deleted)
            {
                ctx.Output.Progress($"guard: deleted old guard snapshot {old.Id} '{old.Name}'");
            }
        }

        // COMMAND's own exit code (or 128+N) is guard's, once COMMAND has run.
        return exit.Code;
    }

    private static async Task RestoreAsync(CliContext ctx, Snapshot snapshot, CancellationToken token)
    {
        ctx.LeftBehind = $"The restore of snapshot {snapshot.Id} may or may not have started; check the server's status.";
        try
        {
            var result = await ctx.Client.RestoreAsync(snapshot.Id, token).ConfigureAwait(false);
            ctx.Output.Progress($"guard: restoring server {result.Server.Id} from snapshot {result.Snapshot.Id}: {result.Message}");
        }
        catch (VpsApiException ex)
        {
            ctx.Output.Progress($"guard: the restore failed: {ex.Message}. Roll back by hand: vps-snapshots restore {snapshot.Id} --yes");
        }
    }
}
