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
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots;

/// <summary>
/// The client of the VPS.org Snapshots API. Thread-safe; create one and reuse it (or resolve
/// <see cref="ISnapshotsClient"/> from <c>AddVpsSnapshots</c>).
/// </summary>
/// <remarks>
/// Every call checks its arguments before sending, turns every response into a typed record or a typed
/// exception, and never lets its token reach a log, an exception or <see cref="ToString"/>.
/// </remarks>
public sealed class SnapshotsClient : ISnapshotsClient, IDisposable, IPagedSnapshotsClient, IMetricsSource
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly VpsSnapshotsOptions _options;
    private readonly SnapshotsRestClient _rest;
    private readonly PageWalker _pages;
    private readonly CreateReconciler _creates;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;
    private int _disposed;

    /// <summary>
    /// Creates a client that owns a pooled <see cref="HttpClient"/> with the SDK's authentication and retry
    /// handlers. Dispose it when done (or keep one for the application's lifetime).
    /// </summary>
    /// <param name="options">The API address, token and budgets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (no token, non-https address, ...).</exception>
    public SnapshotsClient(VpsSnapshotsOptions options)
        : this(options, SnapshotsPipeline.CreatePrimaryHandler(), disposePrimaryHandler: true, null, null)
    {
    }

    /// <summary>
    /// Creates a client with the SDK's authentication and retry handlers in front of your own primary handler
    /// (a proxy setup, a test double, the emulator of <c>VpsOrg.Snapshots.Testing</c>). The client does not
    /// dispose <paramref name="primaryHandler"/>.
    /// </summary>
    /// <param name="options">The API address, token and budgets.</param>
    /// <param name="primaryHandler">The handler that sends the requests.</param>
    /// <param name="logger">Where to log calls and retries; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for budgets and backoff; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="primaryHandler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(VpsSnapshotsOptions options, HttpMessageHandler primaryHandler, ILogger<SnapshotsClient>? logger, TimeProvider? timeProvider)
        : this(options, Guard.NotNull(primaryHandler), disposePrimaryHandler: false, logger, timeProvider)
    {
    }

    /// <summary>
    /// Creates a client over your <see cref="HttpClient"/>, which it never disposes. The client sets the
    /// <c>Authorization</c> header itself; retries are those of <paramref name="httpClient"/>'s own pipeline
    /// (<c>AddVpsSnapshots</c> builds one with the SDK's retry handler).
    /// </summary>
    /// <param name="httpClient">The client to send with; its <c>BaseAddress</c> is not used.</param>
    /// <param name="options">The API address, token and budgets.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(HttpClient httpClient, VpsSnapshotsOptions options)
        : this(httpClient, options, null, null)
    {
    }

    /// <summary>Creates a client over your <see cref="HttpClient"/> (never disposed by the client), with logging and a clock.</summary>
    /// <param name="httpClient">The client to send with; its <c>BaseAddress</c> is not used.</param>
    /// <param name="options">The API address, token and budgets.</param>
    /// <param name="logger">Where to log calls; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for budgets; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(HttpClient httpClient, VpsSnapshotsOptions options, ILogger<SnapshotsClient>? logger, TimeProvider? timeProvider)
        : this(Guard.NotNull(httpClient), options, logger, timeProvider, pipelineAuthenticates: false)
    {
    }

    internal SnapshotsClient(HttpClient httpClient, VpsSnapshotsOptions options, ILogger? logger, TimeProvider? timeProvider, bool pipelineAuthenticates, CreateClaims? claims = null, SnapshotsMetrics? metrics = null)
    {
        _metrics = metrics ?? SnapshotsMetrics.Shared;
        _options = VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options);
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _rest = new SnapshotsRestClient(httpClient, _options, _time, pipelineAuthenticates);
        _pages = new PageWalker(_rest);
        _creates = new CreateReconciler(_rest, _pages, claims ?? new CreateClaims(), _options.Retry, _time, _logger, _metrics);
    }

    private SnapshotsClient(VpsSnapshotsOptions options, HttpMessageHandler primary, bool disposePrimaryHandler, ILogger? logger, TimeProvider? timeProvider)
        : this(
            new HttpClient(SnapshotsPipeline.Create(VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options), primary, logger, timeProvider ?? TimeProvider.System, SnapshotsMetrics.Shared), disposePrimaryHandler) { Timeout = Timeout.InfiniteTimeSpan },
            options,
            logger,
            timeProvider,
            pipelineAuthenticates: true)
    {
        _ownsHttpClient = true;
    }

    /// <summary>The API address this client sends to.</summary>
    public Uri BaseAddress => _rest.BaseAddress;

    SnapshotsMetrics IMetricsSource.Metrics => _metrics;

    /// <inheritdoc />
    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default)
    {
        if (serverId is { } id)
        {
            Guard.PositiveId(id, nameof(serverId));
        }

        return RunAsync(ApiOperation.List, serverId, null, serverId, static (c, id, call, token) => c._pages.ListAsync(id, call, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        Guard.PositiveId(request.ServerId, "request.ServerId");
        Guard.SnapshotName(request.Name, "request.Name");

        return RunAsync(ApiOperation.Create, request.ServerId, null, request, static (c, r, call, token) => c._creates.CreateAsync(r, call, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(
            ApiOperation.Restore,
            null,
            snapshotId,
            snapshotId,
            static (c, id, call, token) => c._rest.SendAsync(HttpMethod.Post, c._rest.RestoreUri(id), null, BodyDecoders.Restore, call, token),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(ApiOperation.Delete, null, snapshotId, snapshotId, static (c, id, call, token) => c.DeleteCoreAsync(id, call, token), cancellationToken);
    }

    /// <summary>Releases the <see cref="HttpClient"/> this client created; a caller's <see cref="HttpClient"/> is left alone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    /// <summary>Describes the client without its token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"SnapshotsClient {{ BaseAddress = {BaseAddress} }}";

    /// <summary>Fetches list pages one at a time, each page its own call (budget, retries), yielding as it goes.</summary>
    IAsyncEnumerable<Snapshot> IPagedSnapshotsClient.EnumerateAsync(long? serverId, CancellationToken cancellationToken) =>
        _pages.EnumerateAsync(
            serverId,
            (uri, token) => RunAsync(ApiOperation.List, serverId, null, uri, static (c, u, call, t) => c._pages.GetPageAsync(u, call, t), token),
            cancellationToken);

    /// <summary>Runs one call: its budget and token, its log line and activity, and the exceptions of the public contract.</summary>
    private async Task<TResult> RunAsync<TState, TResult>(
        ApiOperation operation,
        long? serverId,
        long? snapshotId,
        TState state,
        Func<SnapshotsClient, TState, CallContext, CancellationToken, ValueTask<TResult>> body,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = OperationScope.Start(operation, serverId, snapshotId, _logger, _metrics);
        using var call = new CallContext(_time, _options.Timeout, cancellationToken);
        try
        {
            var result = await body(this, state, call, call.Token).ConfigureAwait(false);
            scope.Completed(call);
            return result;
        }
        catch (Exception ex)
        {
            var translated = CallExceptionTranslator.Translate(ex, operation, call, _options.Timeout, _rest.CollectionPath, cancellationToken);
            scope.Failed(call, translated);
            if (ReferenceEquals(translated, ex))
            {
                throw;
            }

            throw translated;
        }
    }

    private async ValueTask<bool> DeleteCoreAsync(long snapshotId, CallContext call, CancellationToken token)
    {
        try
        {
            await _rest.SendAsync<object>(HttpMethod.Delete, _rest.DeleteUri(snapshotId), null, null, call, token).ConfigureAwait(false);
        }
        catch (VpsNotFoundException) when (call.MayHaveTakenEffect)
        {
            Log.DeleteAlreadyDone(_logger, snapshotId);
        }

        return true;
    }
}
