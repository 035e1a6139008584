using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.Internal;

/// <summary>
/// Everything a client needs that does not depend on the <see cref="HttpClient"/> it sends with: validated options,
/// the send path, paging and create reconciliation, logging and metrics. Built once per <see cref="SnapshotsClient"/>,
/// and once per <c>AddVpsSnapshots</c> registration (and options instance), so resolving a client per request costs
/// only the <see cref="HttpClient"/> and a small shell.
/// </summary>
internal sealed class SnapshotsClientCore
{
    private readonly PageWalker _pages;
    private readonly CreateReconciler _creates;
    private readonly bool _attemptsBounded;
    private SnapshotObserver? _observer;

    /// <summary>A core over options already validated by <see cref="VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid"/>.</summary>
    public SnapshotsClientCore(VpsSnapshotsOptions options, TimeProvider? time, ILogger? logger, SnapshotsMetrics? metrics, bool pipelineAuthenticates, CreateClaims? claims)
    {
        Options = options;
        Time = time ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        Metrics = metrics ?? SnapshotsMetrics.Shared;
        Rest = new SnapshotsRestClient(options, Time, pipelineAuthenticates);

        // The SDK's own pipeline (it authenticates) has the retry handler, which bounds every attempt by the budget.
        _attemptsBounded = pipelineAuthenticates;
        _pages = new PageWalker(Rest);
        _creates = new CreateReconciler(Rest, _pages, claims ?? new CreateClaims(), options.Retry, Time, Logger, Metrics);
    }

    public VpsSnapshotsOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public SnapshotsMetrics Metrics { get; }

    public SnapshotsRestClient Rest { get; }

    /// <summary>The lists this client's lifecycle helpers share (created on first use).</summary>
    public SnapshotObserver Observer
    {
        get
        {
            var observer = Volatile.Read(ref _observer);
            return observer ?? Interlocked.CompareExchange(ref _observer, observer = new SnapshotObserver(this), null) ?? observer;
        }
    }

    public Task<SnapshotList> ListAsync(HttpClient http, long? serverId, CancellationToken cancellationToken)
    {
        if (serverId is { } id)
        {
            Guard.PositiveId(id, nameof(serverId));
        }

        return RunAsync(http, ApiOperation.List, serverId, null, serverId, static (c, call, id) => c._pages.ListAsync(call, id), cancellationToken);
    }

    /// <summary>A whole list, with how many pages (requests, retries included) it took, and whether a snapshot may be missing from it (<see cref="PageCursor.MayHaveMissed"/>).</summary>
    public async Task<(SnapshotList List, int Pages, bool MayHaveMissed)> ListCountingPagesAsync(HttpClient http, long? serverId, CancellationToken cancellationToken)
    {
        var pages = 0;
        var notes = new ListingNotes();
        var list = await RunAsync(
            http,
            ApiOperation.List,
            serverId,
            null,
            serverId,
            async (c, call, id) =>
            {
                var result = await c._pages.ListAsync(call, id, notes).ConfigureAwait(false);
                pages = call.Record.TotalAttempts;
                return result;
            },
            cancellationToken).ConfigureAwait(false);
        return (list, pages, notes.MayHaveMissed);
    }

    public Task<Snapshot> CreateAsync(HttpClient http, CreateSnapshotRequest request, CancellationToken cancellationToken)
    {
        Guard.NotNull(request);
        Guard.PositiveId(request.ServerId, "request.ServerId");
        Guard.SnapshotName(request.Name, "request.Name");
        return RunAsync(http, ApiOperation.Create, request.ServerId, null, request, static (c, call, r) => c._creates.CreateAsync(call, r), cancellationToken);
    }

    public Task<RestoreResult> RestoreAsync(HttpClient http, long snapshotId, CancellationToken cancellationToken)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(
            http,
            ApiOperation.Restore,
            null,
            snapshotId,
            snapshotId,
            static (c, call, id) => c.Rest.SendAsync(call, HttpMethod.Post, c.Rest.RestoreUri(id), null, Serialization.SnapshotsJsonContext.Default.RestoreResult),
            cancellationToken);
    }

    public Task DeleteAsync(HttpClient http, long snapshotId, CancellationToken cancellationToken)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(http, ApiOperation.Delete, null, snapshotId, snapshotId, static (c, call, id) => c.DeleteCoreAsync(call, id), cancellationToken);
    }

    /// <summary>Fetches list pages one at a time, each page its own call (budget, retries), yielding as it goes.</summary>
    public IAsyncEnumerable<Snapshot> EnumerateAsync(HttpClient http, long? serverId, CancellationToken cancellationToken) =>
        _pages.EnumerateAsync(
            serverId,
            (uri, token) => RunAsync(http, ApiOperation.List, serverId, null, uri, static (c, call, u) => c._pages.GetPageAsync(call, u), token),
            cancellationToken);

    /// <summary>Runs one call: its budget and record, its log line and activity, and the exceptions of the public contract.</summary>
    private async Task<TResult> RunAsync<TState, TResult>(
        HttpClient http,
        ApiOperation operation,
        long? serverId,
        long? snapshotId,
        TState state,
        Func<SnapshotsClientCore, Call, TState, ValueTask<TResult>> body,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = OperationScope.Start(operation, serverId, snapshotId, Logger, Metrics);
        using var budget = new CallBudget(Time, Options.Timeout, _attemptsBounded, cancellationToken);
        var record = new CallRecord();
        try
        {
            var result = await body(this, new Call(http, budget, record), state).ConfigureAwait(false);
            scope.Completed(budget, record);
            return result;
        }
        catch (Exception ex)
        {
            var translated = CallExceptionTranslator.Translate(ex, operation, budget, record, Rest.CollectionPath, cancellationToken);
            scope.Failed(budget, record, translated);
            if (ReferenceEquals(translated, ex))
            {
                throw;
            }

            throw translated;
        }
    }

    private async ValueTask<bool> DeleteCoreAsync(Call call, long snapshotId)
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
}
