using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>wait ID [--timeout DURATION]</c>: until the snapshot is completed.</summary>
internal static class WaitCommand
{
    public static Command Create(CliApp app)
    {
        var id = CliOptions.IdArgument("id", "the snapshot to wait for");
        var timeout = CliOptions.Duration("--timeout", "give up after this long (default 20m)");
        var command = new Command("wait", "Wait until a snapshot is completed; a failed snapshot exits 1, a timeout 6.") { id, timeout };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            var snapshot = await FindAsync(ctx, parse.GetValue(id), token).ConfigureAwait(false);
            var done = await Waiting.UntilCompletedAsync(ctx, snapshot, parse.GetValue(timeout), token).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(SnapshotJson.From(done), CliJsonContext.Default.SnapshotJson);
            }
            else
            {
                SnapshotTable.Write(ctx.Console, [done], ctx.Time.GetUtcNow());
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>The snapshot with this id, from the list (the API has no get-by-id).</summary>
    public static async Task<Snapshot> FindAsync(CliContext ctx, long snapshotId, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in ctx.Client.ListAllAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Id == snapshotId)
            {
                return snapshot;
            }
        }

        throw new VpsNotFoundException($"Snapshot {snapshotId} does not exist.", 404, "Not found.", null, null, null);
    }
}
