using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Commands;
using VpsOrg.Snapshots.Cli.Infrastructure;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>
/// On a terminal, a live status line for a rotate run (servers done, in flight, failed), below the per-server lines:
/// while it runs they are written through its console (<see cref="CliOutput.Live"/>), so its redraws never cover them.
/// Elsewhere nothing (the per-server lines say it).
/// </summary>
internal static class FleetProgress
{
    public static async Task<IReadOnlyList<ServerOutcome>> ShowAsync(CliContext ctx, FleetRotation fleet, Func<Task<IReadOnlyList<ServerOutcome>>> run)
    {
        if (!ctx.Environment.ErrorIsTerminal || !ctx.Environment.Colors || ctx.Output.Json || fleet.Total < 2)
        {
            return await run().ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Error) });
        return await console.Status().StartAsync(Describe(fleet), async status =>
        {
            fleet.Changed += () => status.Status(Describe(fleet));
            ctx.Output.Live = console;
            try
            {
                return await run().ConfigureAwait(false);
            }
            finally
            {
                ctx.Output.Live = null;
            }
        }).ConfigureAwait(false);
    }

    private static string Describe(FleetRotation fleet) =>
        $"rotate: {fleet.Done}/{fleet.Total} servers done, {fleet.InFlight} in flight, {fleet.Failed} failed";
}
