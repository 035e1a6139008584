using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;
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
public sealed class SnapshotsClient : ISnapshotsClient, IDisposable, ISdkClient
{
    private readonly HttpClient _http;
    private readonly SnapshotsClientCore _core;
    private readonly bool _ownsHttpClient;
    private int _disposed;

    /// <summary>
    /// Creates a client that owns a pooled <see cref="HttpClient"/> with the SDK's authentication and retry
    /// handlers. Dispose it when done (or keep one for the application's lifetime).
    /// </summary>
    /// <param name="options">The API address, token and budgets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (no token, non-https address, ...).</exception>
    public SnapshotsClient(VpsSnapshotsOptions options)
        : this(options, null, null)
    {
    }

    /// <summary>
    /// Creates a client that owns a pooled <see cref="HttpClient"/> with the SDK's handlers and its own primary
    /// handler (no redirects, decompression, connections renewed every 5 minutes), logging to
    /// <paramref name="logger"/> and timing on <paramref name="timeProvider"/>.
    /// </summary>
    /// <param name="options">The API address, token and budgets.</param>
    /// <param name="logger">Where to log calls and retries; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for budgets and backoff; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(VpsSnapshotsOptions options, ILogger<SnapshotsClient>? logger, TimeProvider? timeProvider)
        : this(options, SnapshotsPipeline.CreatePrimaryHandler(), disposePrimaryHandler: true, logger, timeProvider)
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
        : this(Guard.NotNull(httpClient), new SnapshotsClientCore(VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options), timeProvider, logger, null, pipelineAuthenticates: false, null), ownsHttpClient: false)
    {
    }

    /// <summary>The shell over a core: the DI registration's, or one of the constructors above.</summary>
    internal SnapshotsClient(HttpClient httpClient, SnapshotsClientCore core, bool ownsHttpClient)
    {
        _http = httpClient;
        _core = core;
        _ownsHttpClient = ownsHttpClient;
    }

    private SnapshotsClient(VpsSnapshotsOptions options, HttpMessageHandler primary, bool disposePrimaryHandler, ILogger? logger, TimeProvider? timeProvider)
        : this(OwnedCore(options, logger, timeProvider), primary, disposePrimaryHandler)
    {
    }

    private SnapshotsClient(SnapshotsClientCore core, HttpMessageHandler primary, bool disposePrimaryHandler)
        : this(
            new HttpClient(SnapshotsPipeline.Create(core.Options, primary, core.Logger, core.Time, core.Metrics), disposePrimaryHandler) { Timeout = Timeout.InfiniteTimeSpan },
            core,
            ownsHttpClient: true)
    {
    }

    /// <summary>The API address this client sends to.</summary>
    public Uri BaseAddress => _core.Rest.BaseAddress;

    SnapshotsClientCore ISdkClient.Core => _core;

    HttpClient ISdkClient.Http => _http;

    /// <inheritdoc />
    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default) =>
        _core.ListAsync(_http, serverId, cancellationToken);

    /// <inheritdoc />
    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default) =>
        _core.CreateAsync(_http, request, cancellationToken);

    /// <inheritdoc />
    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _core.RestoreAsync(_http, snapshotId, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _core.DeleteAsync(_http, snapshotId, cancellationToken);

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

    private static SnapshotsClientCore OwnedCore(VpsSnapshotsOptions options, ILogger? logger, TimeProvider? timeProvider) =>
        new(VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options), timeProvider, logger, SnapshotsMetrics.Shared, pipelineAuthenticates: true, null);
}
