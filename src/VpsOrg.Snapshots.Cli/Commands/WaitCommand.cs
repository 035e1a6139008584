using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>wait</c>'s options.</summary>
internal sealed record WaitOptions(long SnapshotId, TimeSpan? Timeout);

/// <summary><c>wait ID [--timeout DURATION]</c>: until the snapshot is completed.</summary>
internal static class WaitCommand
{
    public static ICliCommand Create()
    {
        var id = CliOptions.IdArgument("id", "the snapshot to wait for");
        var timeout = CliOptions.Duration("--timeout", "give up after this long (default 20m)");
        var command = new Command("wait", "Wait until a snapshot is completed; a failed snapshot exits 1, a timeout 6.") { id, timeout };
        return new CliCommand<WaitOptions>(command, parse => new WaitOptions(parse.GetValue(id), parse.GetValue(timeout)), RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, WaitOptions options, CancellationToken token)
    {
        var snapshot = await ctx.Client.FindInListAsync(options.SnapshotId, token).ConfigureAwait(false);
        var done = await WaitDisplay.UntilCompletedAsync(ctx, snapshot, options.Timeout, token).ConfigureAwait(false);
        ctx.Output.Write(new SnapshotResult(done));
        return ExitCodes.Success;
    }
}
