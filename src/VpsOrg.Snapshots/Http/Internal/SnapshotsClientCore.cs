using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What one client (or one <c>AddVpsSnapshots</c> registration) shares between all its calls: validated options, one
/// clock, the throttle, the create claims, logging and metrics; and how it runs a call: arguments checked, then the
/// request sent through the pipeline (<see cref="HttpMessageInvoker"/>) with its timeout and record, then its log line,
/// activity and the exceptions of the public contract.
/// </summary>
internal sealed class SnapshotsClientCore
{
    private readonly CreateReconciler _creates;

    /// <summary>A core over options already validated by <see cref="VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid"/>.</summary>
    public SnapshotsClientCore(VpsSnapshotsOptions options, TimeProvider time, ILogger logger, SnapshotsMetrics metrics, ClientThrottle? throttle = null, CreateClaims? claims = null)
    {
        Options = options;
        Time = time;
        Logger = logger;
        Metrics = metrics;
        Throttle = throttle ?? new ClientThrottle(options.Throttling, options.Retry.BaseDelay, time, logger, metrics);
        Rest = new SnapshotsRestClient(options, Time);
        _creates = new CreateReconciler(Rest, async (call, serverId) => (await WalkAsync(call, serverId, null, null).ConfigureAwait(false)).Results, claims ?? new CreateClaims(), options.Retry, Time, Logger, Metrics);
    }

    public VpsSnapshotsOptions Options { get; }

    /// <summary>The client's one clock: timeouts, backoff, the throttle, and every lifecycle helper's waits.</summary>
    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public SnapshotsMetrics Metrics { get; }

    public ClientThrottle Throttle { get; }

    public SnapshotsRestClient Rest { get; }

    public Task<SnapshotList> ListAsync(HttpMessageInvoker sender, long? serverId, CancellationToken cancellationToken)
    {
        CheckServerId(serverId);
        return RunAsync(sender, ApiOperation.List, serverId, null, serverId, static (c, call, id) => c.WalkAsync(call, id, null, null), cancellationToken);
    }

    /// <summary>A list as read, and whether it is whole (<see cref="Listing.Whole"/>); with <paramref name="enough"/>, only its first pages.</summary>
    public async Task<Listing> ListingAsync(HttpMessageInvoker sender, long? serverId, Func<List<Snapshot>, bool>? enough, CancellationToken cancellationToken)
    {
        CheckServerId(serverId);
        var walk = new Walk(enough);
        var list = await RunAsync(sender, ApiOperation.List, serverId, null, walk, (c, call, w) => c.WalkAsync(call, serverId, w.Enough, w), cancellationToken).ConfigureAwait(false);
        return new Listing(list, walk.Whole);
    }

    public Task<Snapshot> CreateAsync(HttpMessageInvoker sender, CreateSnapshotRequest request, CancellationToken cancellationToken)
    {
        Guard.NotNull(request);
        Guard.PositiveId(request.ServerId, "request.ServerId");
        Guard.SnapshotName(request.Name, "request.Name");
        return RunAsync(sender, ApiOperation.Create, request.ServerId, null, request, static (c, call, r) => c._creates.CreateAsync(call, r), cancellationToken);
    }

    public Task<RestoreResult> RestoreAsync(HttpMessageInvoker sender, long snapshotId, CancellationToken cancellationToken)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(
            sender,
            ApiOperation.Restore,
            null,
            snapshotId,
            snapshotId,
            static (c, call, id) => c.Rest.SendAsync(call, HttpMethod.Post, c.Rest.RestoreUri(id), null, SnapshotsJsonContext.Default.RestoreResult),
            cancellationToken);
    }

    public Task DeleteAsync(HttpMessageInvoker sender, long snapshotId, CancellationToken cancellationToken)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(sender, ApiOperation.Delete, null, snapshotId, snapshotId, static (c, call, id) => c.DeleteCoreAsync(call, id), cancellationToken);
    }

    /// <summary>Fetches list pages one at a time, each page its own call (timeout, retries), yielding as it goes.</summary>
    public async IAsyncEnumerable<Snapshot> EnumerateAsync(HttpMessageInvoker sender, long? serverId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new PageCursor(Rest.BaseAddress, Rest.ListUri(serverId));
        while (true)
        {
            var page = await RunAsync(sender, ApiOperation.List, serverId, null, cursor.Current, static (c, call, uri) => c.GetPageAsync(call, uri), cancellationToken).ConfigureAwait(false);
            foreach (var snapshot in cursor.Fresh(page))
            {
                yield return snapshot;
            }

            if (!cursor.Advance(page))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The list in one call (one timeout for all its pages), following <c>next</c> links by <see cref="PageCursor"/>'s
    /// rules; or its first pages only, when <paramref name="enough"/> says after a page that those snapshots suffice.
    /// Whether it was read whole is noted on <paramref name="walk"/>, for a caller that asks.
    /// </summary>
    private async Task<SnapshotList> WalkAsync(Call call, long? serverId, Func<List<Snapshot>, bool>? enough, Walk? walk)
    {
        var cursor = new PageCursor(Rest.BaseAddress, Rest.ListUri(serverId));
        var page = await GetPageAsync(call, cursor.Current).ConfigureAwait(false);
        var count = page.Count;
        var results = cursor.Fresh(page);
        var stopped = false;
        while (cursor.Advance(page))
        {
            if (enough is not null && enough(results))
            {
                stopped = true;
                break;
            }

            page = await GetPageAsync(call, cursor.Current).ConfigureAwait(false);
            results.AddRange(cursor.Fresh(page));
        }

        if (walk is not null)
        {
            walk.Whole = !stopped && !cursor.Changed;
        }

        return new SnapshotList { Count = count ?? results.Count, Results = results };
    }

    private Task<SnapshotPage> GetPageAsync(Call call, Uri uri) =>
        Rest.SendAsync(call, HttpMethod.Get, uri, null, SnapshotsJsonContext.Default.SnapshotPage);

    private static void CheckServerId(long? serverId)
    {
        if (serverId is { } id)
        {
            Guard.PositiveId(id, nameof(serverId));
        }
    }

    /// <summary>Runs one call: its timeout and record, its log line and activity, and the exceptions of the public contract.</summary>
    private async Task<TResult> RunAsync<TState, TResult>(
        HttpMessageInvoker sender,
        ApiOperation operation,
        long? serverId,
        long? snapshotId,
        TState state,
        Func<SnapshotsClientCore, Call, TState, Task<TResult>> body,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = OperationScope.Start(operation, serverId, snapshotId, Logger, Metrics);
        var call = new Call(sender, Time, Options.Timeout, cancellationToken, notesServerClock: operation == ApiOperation.Create);
        try
        {
            var result = await body(this, call, state).ConfigureAwait(false);
            scope.Completed(call.Elapsed, call.Record.LastMethod, Logger.IsEnabled(LogLevel.Information) ? call.Record.LastPath : null, call.Record.LastStatusCode, call.Record.Attempts);
            return result;
        }
        catch (Exception ex)
        {
            var surfaced = Surface(ex, operation, call.Record);
            scope.Failed(call.Elapsed, call.Record.LastMethod, call.Record.LastPath, call.Record.Attempts, surfaced);
            if (ReferenceEquals(surfaced, ex))
            {
                throw;
            }

            throw surfaced;
        }
    }

    /// <summary>
    /// What the caller gets for what escaped a call: a transport failure or timeout of a change whose outcome is unknown
    /// says so (and how to check); everything else as it is.
    /// </summary>
    private static Exception Surface(Exception exception, ApiOperation operation, CallRecord record)
    {
        var unknown = operation == ApiOperation.Create ? " The snapshot may or may not have been created; list the server's snapshots to check."
            : operation == ApiOperation.Restore ? " The restore may or may not have started; check the server's status before restoring again."
            : operation == ApiOperation.Delete ? " The snapshot may or may not have been deleted; list the server's snapshots to check."
            : null;
        return unknown is null || record.LastOutcome != OutcomeKind.Unknown ? exception
            : exception is HttpRequestException ? new HttpRequestException($"VPS.org {operation.Method} {record.LastPath} failed in transport after the request was sent ({exception.Message}).{unknown}", exception)
            : exception is TimeoutException ? new TimeoutException(exception.Message + unknown, exception)
            : exception;
    }

    private async Task<bool> DeleteCoreAsync(Call call, long snapshotId)
    {
        try
        {
            await Rest.SendAsync<object>(call, HttpMethod.Delete, Rest.DeleteUri(snapshotId), null, null).ConfigureAwait(false);
        }
        catch (VpsNotFoundException) when (call.Record.MayHaveTakenEffect)
        {
            Log.DeleteAlreadyDone(Logger, snapshotId);
        }

        return true;
    }

    /// <summary>A walk's question (when it may stop) and answer (whether it read the list whole), for the lifecycle's listings.</summary>
    private sealed class Walk(Func<List<Snapshot>, bool>? enough)
    {
        public Func<List<Snapshot>, bool>? Enough { get; } = enough;

        public bool Whole { get; set; }
    }
}
