using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>list [--server ID]</c>'s options.</summary>
internal sealed record ListOptions(long? ServerId);

/// <summary><c>list [--server ID]</c>: the snapshots, newest first.</summary>
internal static class ListCommand
{
    public static ICliCommand Create()
    {
        var server = CliOptions.Id("--server", "only this server's snapshots", required: false);
        var command = new Command("list", "List snapshots, newest first.") { server };
        return new CliCommand<ListOptions>(command, parse => new ListOptions(CliOptions.Optional(parse, server)), RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, ListOptions options, CancellationToken token)
    {
        var list = await ctx.Client.ListAsync(options.ServerId, token).ConfigureAwait(false);
        ctx.Output.Write(new SnapshotsResult(SnapshotRules.NewestFirst(list.Results).ToList()));
        return ExitCodes.Success;
    }
}
