using System.Collections.Generic;
using System.CommandLine;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>delete ID [ID ...] [--yes]</c>: permanently.</summary>
internal static class DeleteCommand
{
    public static Command Create(CliApp app)
    {
        var ids = new Argument<long[]>("id")
        {
            Description = "the snapshots to delete",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = r => CliOptions.PositiveIds(r, "ID"),
        };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask (required without a terminal)" };
        var command = new Command("delete", "Delete snapshots permanently.") { ids, yes };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            var targets = parse.GetValue(ids)!;
            ctx.Confirm(parse.GetValue(yes), $"Delete snapshot{(targets.Length == 1 ? string.Empty : "s")} {string.Join(", ", targets)} permanently");
            var deleted = new List<long>();
            var code = ExitCodes.Success;
            foreach (var id in targets)
            {
                ctx.LeftBehind = $"Snapshot {id} may or may not have been deleted; check with: vps-snapshots list";
                try
                {
                    await ctx.Client.DeleteAsync(id, token).ConfigureAwait(false);
                    deleted.Add(id);
                    if (!ctx.Json)
                    {
                        ctx.Console.WriteLine($"deleted snapshot {id}");
                    }
                }
                catch (VpsApiException ex)
                {
                    // One snapshot failing does not stop the others; the exit code reports the worst.
                    await ctx.Error.WriteLineAsync($"error: snapshot {id}: {ex.Message}").ConfigureAwait(false);
                    code = ExitCodes.Worst(code, ExitCodes.For(ex));
                }
            }

            ctx.LeftBehind = null;
            if (ctx.Json)
            {
                ctx.WriteJson(deleted, CliJsonContext.Default.ListInt64);
            }

            return code;
        }, cancellationToken));
        return command;
    }
}
