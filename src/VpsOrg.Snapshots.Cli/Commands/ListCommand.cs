using System.CommandLine;
using System.Linq;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>list [--server ID]</c>: the snapshots, newest first.</summary>
internal static class ListCommand
{
    public static Command Create(CliApp app)
    {
        var server = CliOptions.Id("--server", "only this server's snapshots", required: false);
        var command = new Command("list", "List snapshots, newest first.") { server };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            long? serverId = parse.GetResult(server) is null ? null : parse.GetValue(server);
            var list = await ctx.Client.ListAsync(serverId, token).ConfigureAwait(false);
            var newest = list.Results.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToList();
            if (ctx.Json)
            {
                ctx.WriteJson(SnapshotJson.From(newest), CliJsonContext.Default.ListSnapshotJson);
            }
            else
            {
                SnapshotTable.Write(ctx.Console, newest, ctx.Time.GetUtcNow());
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
