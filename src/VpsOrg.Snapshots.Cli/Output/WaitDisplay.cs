using System;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>
/// Waits for a snapshot to complete and shows it: a spinner on a terminal, else one line per status change on
/// stderr. Progress is reported synchronously, so its lines come before whatever the command prints next.
/// </summary>
internal static class WaitDisplay
{
    public static async Task<Snapshot> UntilCompletedAsync(CliContext ctx, Snapshot snapshot, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var started = ctx.Time.GetTimestamp();
        ctx.LeftBehind = $"Snapshot {snapshot.Id} goes on being created on the server; check it with: vps-snapshots list --server {snapshot.Server.Id}";
        Snapshot done;
        if (ctx.Environment.ErrorIsTerminal && ctx.Environment.Colors && !ctx.Output.Json)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Error) });
            done = await console.Status().StartAsync($"snapshot {snapshot.Id} '{snapshot.Name}' is {snapshot.Status}", status =>
                ctx.Client.WaitForCompletionAsync(snapshot, ctx.WaitOptions(timeout), new SyncProgress<Snapshot>(s => status.Status($"snapshot {s.Id} '{s.Name}' is {s.Status}")), cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            var last = snapshot.Status;
            ctx.Output.Progress($"snapshot {snapshot.Id} '{snapshot.Name}' is {snapshot.Status}");
            done = await ctx.Client.WaitForCompletionAsync(snapshot, ctx.WaitOptions(timeout), new SyncProgress<Snapshot>(s =>
            {
                if (s.Status != last && s.Status != SnapshotStatus.Completed)
                {
                    last = s.Status;
                    ctx.Output.Progress($"snapshot {s.Id} '{s.Name}' is {s.Status}");
                }
            }), cancellationToken).ConfigureAwait(false);
        }

        ctx.Output.Progress($"snapshot {done.Id} '{done.Name}' is completed ({Formats.Size(done.SizeMb)}, {Durations.Short(ctx.Time.GetElapsedTime(started))})");
        ctx.LeftBehind = null;
        return done;
    }
}
