using System.CommandLine;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>restore ID [--safety-snapshot] [--allow-rotation] [--yes]</c>: overwrite the server from a snapshot.</summary>
internal static class RestoreCommand
{
    public static Command Create(CliApp app)
    {
        var id = CliOptions.IdArgument("id", "the snapshot to restore");
        var safety = new Option<bool>("--safety-snapshot") { Description = "first snapshot the server as it is now (and wait for it), so the restore can be undone" };
        var rotation = new Option<bool>("--allow-rotation") { Description = "at the 5-snapshot limit, let the safety snapshot delete the oldest completed one (never the one restored)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask (required without a terminal)" };
        var command = new Command("restore", "Restore a server from a snapshot: overwrites all its data, cannot be undone, stops the server first.") { id, safety, rotation, yes };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            var snapshotId = parse.GetValue(id);
            var target = await WaitCommand.FindAsync(ctx, snapshotId, token).ConfigureAwait(false);
            ctx.Confirm(
                parse.GetValue(yes),
                $"Restore server {target.Server.Id} {target.Server.Name} from snapshot {target.Id} '{target.Name}' ({Formats.Utc(target.CreatedAt)} UTC): this overwrites all data on the server and cannot be undone"
                    + (parse.GetValue(safety) ? string.Empty : " (add --safety-snapshot to keep a way back)"));

            RestoreResult result;
            ctx.LeftBehind = $"The restore may or may not have started on server {target.Server.Id}; check its status before restoring again.";
            if (parse.GetValue(safety))
            {
                var safe = await ctx.Client.SafeRestoreAsync(snapshotId, new RestoreOptions { AllowRotation = parse.GetValue(rotation), Wait = ctx.WaitOptions() }, token).ConfigureAwait(false);
                foreach (var deleted in safe.Deleted)
                {
                    ctx.Progress($"deleted snapshot {deleted.Id} '{deleted.Name}' to make room for the safety snapshot");
                }

                if (safe.SafetySnapshot is { } undo)
                {
                    ctx.Progress($"safety snapshot {undo.Id} '{undo.Name}' taken; to undo this restore: vps-snapshots restore {undo.Id} --yes");
                }

                result = safe.Restore;
            }
            else
            {
                result = await ctx.Client.RestoreAsync(snapshotId, token).ConfigureAwait(false);
            }

            ctx.LeftBehind = null;
            if (ctx.Json)
            {
                ctx.WriteJson(RestoreJson.From(result), CliJsonContext.Default.RestoreJson);
            }
            else
            {
                ctx.Console.WriteLine($"Server {result.Server.Id} {result.Server.Name} is {result.Server.Status ?? "restoring"} from snapshot {result.Snapshot.Id} '{result.Snapshot.Name}': {result.Message}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
