using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary>
/// One rotate run over its servers: at most <c>--parallel</c> under way at once, each reported on its own line as it
/// finishes; one server failing stops no other. Interrupted, it starts no more servers, cancels the rotations in
/// flight and says per server what may have been left behind.
/// </summary>
internal sealed class FleetRotation(CliContext ctx, RotateCommandOptions options, IReadOnlyList<long> serverIds)
{
    private int _done;
    private int _inFlight;
    private int _failed;

    public int Total => serverIds.Count;

    public int Done => Volatile.Read(ref _done);

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Raised (on any thread) when a server starts or finishes.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<ServerOutcome>> RunAsync(CancellationToken token)
    {
        using var slots = new SemaphoreSlim(options.Parallel);
        var outcomes = serverIds.Select(id => RotateWhenFreeAsync(id, slots, token)).ToList();
        return await Task.WhenAll(outcomes).ConfigureAwait(false);
    }

    private async Task<ServerOutcome> RotateWhenFreeAsync(long serverId, SemaphoreSlim slots, CancellationToken token)
    {
        try
        {
            await slots.WaitAsync(token).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                // A slot freed by a server the interruption ended is no reason to start another.
                slots.Release();
                throw new OperationCanceledException(token);
            }
        }
        catch (OperationCanceledException)
        {
            return Finish(new ServerOutcome(new ServerReport(serverId, null, [], [], "interrupted: not started"), ExitCodes.Failure, Interrupted: true), failed: false, $"server {serverId}: not started (interrupted); nothing was changed");
        }

        try
        {
            Interlocked.Increment(ref _inFlight);
            Changed?.Invoke();
            return await RotateServerAsync(serverId, token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            slots.Release();
        }
    }

    private async Task<ServerOutcome> RotateServerAsync(long serverId, CancellationToken token)
    {
        var started = ctx.Time.GetTimestamp();
        var deleted = new List<long>();
        Snapshot? created = null;
        string? leftBehind = null;
        var progress = new SyncProgress<RotationProgress>(step =>
        {
            lock (deleted)
            {
                switch (step.Step)
                {
                    case RotationStep.Deleted:
                        deleted.Add(step.Snapshot!.Id);
                        break;
                    case RotationStep.Creating:
                        leftBehind = $"snapshot '{step.Name}' may or may not exist; check with: vps-snapshots list --server {serverId}";
                        break;
                    case RotationStep.Created:
                        created = step.Snapshot;
                        leftBehind = $"snapshot {created!.Id} goes on being created; check it with: vps-snapshots list --server {serverId}";
                        break;
                }
            }
        });
        var rotation = new RotationOptions
        {
            NamePrefix = options.Prefix,
            KeepLast = options.Keep,
            Description = options.Description,
            Wait = options.Wait ? ctx.WaitOptions(shared: serverIds.Count > 1) : null,
        };
        try
        {
            var result = await ctx.Client.RotateAsync(serverId, rotation, progress, token).ConfigureAwait(false);
            var made = result.Created;
            var kept = result.Kept.Select(s => s.Id).ToList();
            var line = $"server {serverId}: created {made.Name} (snapshot {made.Id}, {(made.SizeMb is null ? made.Status.Value : Formats.Size(made.SizeMb))}, {Durations.Short(ctx.Time.GetElapsedTime(started))}); deleted {ServerReport.List(Ids(deleted))}; kept {ServerReport.List(kept)}";
            return Finish(new ServerOutcome(new ServerReport(serverId, made, Ids(deleted), kept, null), ExitCodes.Success, Interrupted: false), failed: false, line);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            var gone = Ids(deleted);
            var line = $"server {serverId}: interrupted; {leftBehind ?? "no snapshot was created"}; deleted {ServerReport.List(gone)}";
            return Finish(new ServerOutcome(new ServerReport(serverId, created, gone, [], "interrupted: " + (leftBehind ?? "no snapshot was created")), ExitCodes.Failure, Interrupted: true), failed: false, line);
        }
        catch (Exception ex)
        {
            // One server failing does not stop the others.
            var gone = Ids(deleted);
            var line = $"server {serverId}: failed: {ex.Message}{(created is null ? string.Empty : $" (snapshot {created.Id} was created)")}; deleted {ServerReport.List(gone)}";
            return Finish(new ServerOutcome(new ServerReport(serverId, created, gone, [], ex.Message), ExitCodes.For(ex), Interrupted: false), failed: true, line);
        }

        List<long> Ids(List<long> ids)
        {
            lock (deleted)
            {
                return [.. ids];
            }
        }
    }

    private ServerOutcome Finish(ServerOutcome outcome, bool failed, string line)
    {
        ctx.Output.Line(line);
        Interlocked.Increment(ref _done);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }

        Changed?.Invoke();
        return outcome;
    }
}

/// <summary>What rotate did on one server, and its exit code.</summary>
internal sealed record ServerOutcome(ServerReport Report, int Code, bool Interrupted)
{
    public string? Error => Report.Error;
}
