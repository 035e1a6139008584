using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>restore</c>'s options.</summary>
internal sealed record RestoreCommandOptions(long SnapshotId, bool SafetySnapshot, bool AllowRotation, bool Yes);

/// <summary><c>restore ID [--safety-snapshot] [--allow-rotation] [--yes]</c>: overwrite the server from a snapshot.</summary>
internal static class RestoreCommand
{
    public static ICliCommand Create()
    {
        var id = CliOptions.IdArgument("id", "the snapshot to restore");
        var safety = new Option<bool>("--safety-snapshot") { Description = "first snapshot the server as it is now (and wait for it), so the restore can be undone" };
        var rotation = new Option<bool>("--allow-rotation") { Description = $"at the {SnapshotRules.MaxSnapshotsPerServer}-snapshot limit, let the safety snapshot delete the oldest settled one (never the one restored)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask (required without a terminal)" };
        var command = new Command("restore", "Restore a server from a snapshot: overwrites all its data, cannot be undone, stops the server first.") { id, safety, rotation, yes };
        return new CliCommand<RestoreCommandOptions>(
            command,
            parse => new RestoreCommandOptions(parse.GetValue(id), parse.GetValue(safety), parse.GetValue(rotation), parse.GetValue(yes)),
            RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, RestoreCommandOptions options, CancellationToken token)
    {
        var target = await ctx.Client.FindInListAsync(options.SnapshotId, token).ConfigureAwait(false);
        ctx.Confirm(
            options.Yes,
            $"Restore server {target.Server.Id} {target.Server.Name} from snapshot {target.Id} '{target.Name}' ({Formats.Utc(target.CreatedAt)} UTC): this overwrites all data on the server and cannot be undone"
                + (options.SafetySnapshot ? string.Empty : " (add --safety-snapshot to keep a way back)"));

        RestoreResult result;
        ctx.LeftBehind = $"The restore may or may not have started on server {target.Server.Id}; check its status before restoring again.";
        if (options.SafetySnapshot)
        {
            var safe = await ctx.Client.SafeRestoreAsync(options.SnapshotId, new RestoreOptions { AllowRotation = options.AllowRotation, Wait = ctx.WaitOptions() }, token).ConfigureAwait(false);
            foreach (var deleted in safe.Deleted)
            {
                ctx.Output.Progress($"deleted snapshot {deleted.Id} '{deleted.Name}' to make room for the safety snapshot");
            }

            if (safe.SafetySnapshot is { } undo)
            {
                ctx.Output.Progress($"safety snapshot {undo.Id} '{undo.Name}' taken; to undo this restore: vps-snapshots restore {undo.Id} --yes");
            }

            result = safe.Restore;
        }
        else
        {
            result = await ctx.Client.RestoreAsync(options.SnapshotId, token).ConfigureAwait(false);
        }

        ctx.LeftBehind = null;
        ctx.Output.Write(new RestoreOutcome(result));
        return ExitCodes.Success;
    }
}
