using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>rotate</c>'s options.</summary>
internal sealed record RotateCommandOptions(IReadOnlyList<long> ServerIds, string? ServersFile, int Keep, string Prefix, bool Wait, string? Description, int Parallel);

/// <summary>
/// <c>rotate --server ID [--server ID ...] [--servers-file PATH] --keep N [--prefix P] [--parallel N] [--no-wait]
/// [--description TEXT]</c>: the scheduled command, the SDK's <see cref="SnapshotsClientExtensions.RotateAsync"/> over a
/// fleet, <c>--parallel</c> servers at a time (the client paces the API requests; this bounds the load on storage).
/// </summary>
internal static class RotateCommand
{
    /// <summary>How many servers rotate at once unless told: a safe load on the provider's shared storage.</summary>
    public const int DefaultParallel = 8;

    /// <summary>Each API call's Timeout in a fleet run (more than one server): its turn at the client's pace may come late.</summary>
    public static readonly TimeSpan FleetCallTimeout = TimeSpan.FromMinutes(30);

    public static ICliCommand Create()
    {
        var servers = new Option<long[]>("--server")
        {
            Description = "a server to rotate (repeat for several)",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r => CliOptions.PositiveIds(r, "--server"),
        };
        var serversFile = new Option<string>("--servers-file") { Description = "more servers to rotate: one id a line, # comments; - reads stdin" };
        var keep = CliOptions.Keep("--keep", "keep the newest N snapshots with the prefix");
        keep.Required = true;
        var prefix = CliOptions.Name("--prefix", "the name prefix of this schedule's snapshots (default auto-)", required: false, fallback: "auto-");
        var parallel = CliOptions.Count("--parallel", $"servers with a rotation under way at once (1 to 1000, default {DefaultParallel})", 1, 1000);
        var noWait = new Option<bool>("--no-wait") { Description = "do not wait for the new snapshot to complete" };
        var description = new Option<string>("--description") { Description = "the new snapshots' description" };
        var command = new Command("rotate", "Take a scheduled snapshot per server and keep the newest N of its prefix; never touches other snapshots.")
        {
            servers, serversFile, keep, prefix, parallel, noWait, description,
        };
        return new CliCommand<RotateCommandOptions>(
            command,
            parse => new RotateCommandOptions(
                parse.GetValue(servers) ?? [],
                parse.GetValue(serversFile),
                parse.GetValue(keep),
                parse.GetValue(prefix)!,
                !parse.GetValue(noWait),
                parse.GetValue(description),
                CliOptions.Optional(parse, parallel) ?? DefaultParallel),
            RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, RotateCommandOptions options, CancellationToken token)
    {
        var serverIds = options.ServerIds.Concat(options.ServersFile is { } file ? ServersFile.Read(file, ctx.Environment.In) : []).Distinct().ToList();
        if (serverIds.Count == 0)
        {
            throw new UsageException("rotate needs --server ID or --servers-file PATH: no server to rotate.");
        }

        // A fleet's calls queue behind the client's pacing when the API throttles: give each up to 30 minutes.
        if (serverIds.Count > 1)
        {
            ctx.CallTimeout = FleetCallTimeout;
        }

        var started = ctx.Time.GetTimestamp();
        var fleet = new FleetRotation(ctx, options, serverIds);
        var reports = await FleetProgress.ShowAsync(ctx, fleet, () => fleet.RunAsync(token)).ConfigureAwait(false);

        var rotated = reports.Count(r => r.Error is null);
        var failed = reports.Count(r => r.Error is not null && !r.Interrupted);
        var notDone = reports.Count - rotated - failed;
        ctx.Output.Line($"rotate: {Plural(serverIds.Count, "server")}, {rotated} rotated, {failed} failed{(notDone > 0 ? $", {notDone} interrupted or not started" : string.Empty)} in {Durations.Short(ctx.Time.GetElapsedTime(started))}");
        ctx.Output.Write(new ServerReportsResult([.. reports.Select(r => r.Report)], []));
        if (token.IsCancellationRequested)
        {
            ctx.LeftBehind = "What each server may have left behind is on its line above.";
            throw new OperationCanceledException(token);
        }

        return reports.Aggregate(ExitCodes.Success, (worst, r) => ExitCodes.Worst(worst, r.Code));
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
