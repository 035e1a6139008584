using System.Collections.Generic;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>delete</c>'s options.</summary>
internal sealed record DeleteOptions(IReadOnlyList<long> SnapshotIds, bool Yes);

/// <summary><c>delete ID [ID ...] [--yes]</c>: permanently.</summary>
internal static class DeleteCommand
{
    public static ICliCommand Create()
    {
        var ids = new Argument<long[]>("id")
        {
            Description = "the snapshots to delete",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = r => CliOptions.PositiveIds(r, "ID"),
        };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask (required without a terminal)" };
        var command = new Command("delete", "Delete snapshots permanently.") { ids, yes };
        return new CliCommand<DeleteOptions>(command, parse => new DeleteOptions(parse.GetValue(ids)!, parse.GetValue(yes)), RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, DeleteOptions options, CancellationToken token)
    {
        var targets = options.SnapshotIds;
        ctx.Confirm(options.Yes, $"Delete snapshot{(targets.Count == 1 ? string.Empty : "s")} {string.Join(", ", targets)} permanently");
        var deleted = new List<long>();
        var code = ExitCodes.Success;
        foreach (var id in targets)
        {
            ctx.LeftBehind = $"Snapshot {id} may or may not have been deleted; check with: vps-snapshots list";
            try
            {
                await ctx.Client.DeleteAsync(id, token).ConfigureAwait(false);
                deleted.Add(id);
            }
            catch (VpsApiException ex)
            {
                // One snapshot failing does not stop the others; the exit code reports the worst.
                ctx.Output.Progress($"error: snapshot {id}: {ex.Message}");
                code = ExitCodes.Worst(code, ExitCodes.For(ex));
            }
        }

        ctx.LeftBehind = null;
        ctx.Output.Write(new DeletedResult(deleted));
        return code;
    }
}
