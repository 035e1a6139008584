using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots;

/// <summary>
/// The client of the VPS.org Snapshots API. Thread-safe; create one and reuse it (or resolve
/// <see cref="ISnapshotsClient"/> from <c>AddVpsSnapshots</c>).
/// </summary>
/// <remarks>
/// However it is built, every call goes through the SDK's pipeline: the token, the client's throttle (one hold and one
/// pace for all its calls), retries with the attempt timeout, and <see cref="VpsSnapshotsOptions.Timeout"/> for the
/// whole call. What sends the requests underneath (the transport) is the only thing the constructors change. Every
/// call checks its arguments before sending, turns every response into a typed record or a typed exception, and never
/// lets its token reach a log, an exception or <see cref="ToString"/>.
/// </remarks>
public sealed class SnapshotsClient : ISnapshotsClient, IDisposable, ISdkClient
{
    private readonly SnapshotsClientCore _core;
    private readonly HttpMessageInvoker _sender;
    private int _disposed;

    /// <summary>
    /// Creates a client that owns its transport: pooled connections renewed every 5 minutes, compressed answers
    /// decompressed, no redirects. Dispose it when done (or keep one for the application's lifetime).
    /// </summary>
    /// <param name="options">The API address, token and limits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (no token, non-https address, ...).</exception>
    public SnapshotsClient(VpsSnapshotsOptions options)
        : this(options, null, null)
    {
    }

    /// <summary>Creates a client that owns its transport, logging to <paramref name="logger"/> and timing on <paramref name="timeProvider"/>.</summary>
    /// <param name="options">The API address, token and limits.</param>
    /// <param name="logger">Where to log calls and retries; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The client's one clock (timeouts, backoff, throttling, and every lifecycle helper's waits); <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(VpsSnapshotsOptions options, ILogger<SnapshotsClient>? logger, TimeProvider? timeProvider)
        : this(options, SnapshotsPipeline.CreatePrimaryHandler(), ownsTransport: true, logger, timeProvider)
    {
    }

    /// <summary>
    /// Creates a client whose requests are sent by your handler (a proxy setup, a test double, the emulator of
    /// <c>VpsOrg.Snapshots.Testing</c>), under the SDK's pipeline. The client does not dispose <paramref name="primaryHandler"/>.
    /// </summary>
    /// <param name="options">The API address, token and limits.</param>
    /// <param name="primaryHandler">The handler that sends the requests.</param>
    /// <param name="logger">Where to log calls and retries; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The client's one clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="primaryHandler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(VpsSnapshotsOptions options, HttpMessageHandler primaryHandler, ILogger<SnapshotsClient>? logger, TimeProvider? timeProvider)
        : this(options, Guard.NotNull(primaryHandler), ownsTransport: false, logger, timeProvider)
    {
    }

    /// <summary>
    /// Creates a client whose requests are sent by your <see cref="HttpClient"/> (never disposed by the client), under the
    /// SDK's pipeline, as Azure.Core's <c>HttpClientTransport</c> does: the token, the throttle, retries and timeouts are
    /// the SDK's; your client's handlers run inside each attempt, and its <see cref="HttpClient.Timeout"/> bounds each
    /// attempt. If it has a retrying handler of its own, set <see cref="VpsRetryOptions.MaxRetries"/> to 0 or remove it,
    /// or the two multiply (and a retrying handler that resends a create may duplicate a snapshot).
    /// </summary>
    /// <param name="httpClient">The client to send with; its <c>BaseAddress</c> is not used.</param>
    /// <param name="options">The API address, token and limits.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(HttpClient httpClient, VpsSnapshotsOptions options)
        : this(httpClient, options, null, null)
    {
    }

    /// <summary>Creates a client whose requests are sent by your <see cref="HttpClient"/> (see the overload without logging), with logging and a clock.</summary>
    /// <param name="httpClient">The client to send with; its <c>BaseAddress</c> is not used.</param>
    /// <param name="options">The API address, token and limits.</param>
    /// <param name="logger">Where to log calls and retries; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The client's one clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SnapshotsClient(HttpClient httpClient, VpsSnapshotsOptions options, ILogger<SnapshotsClient>? logger, TimeProvider? timeProvider)
        : this(options, new SnapshotsPipeline.HttpClientTransport(Guard.NotNull(httpClient)), ownsTransport: false, logger, timeProvider)
    {
    }

    private SnapshotsClient(VpsSnapshotsOptions options, HttpMessageHandler transport, bool ownsTransport, ILogger? logger, TimeProvider? timeProvider)
    {
        _core = new SnapshotsClientCore(
            VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options),
            timeProvider ?? TimeProvider.System,
            logger ?? NullLogger.Instance,
            SnapshotsMetrics.Shared);
        _sender = SnapshotsPipeline.Create(_core, transport, ownsTransport);
    }

    /// <summary>The API address this client sends to.</summary>
    public Uri BaseAddress => _core.Rest.BaseAddress;

    SnapshotsClientCore ISdkClient.Core => _core;

    HttpMessageInvoker ISdkClient.Sender => _sender;

    /// <inheritdoc />
    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default) =>
        _core.ListAsync(_sender, serverId, cancellationToken);

    /// <inheritdoc />
    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default) =>
        _core.CreateAsync(_sender, request, cancellationToken);

    /// <inheritdoc />
    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _core.RestoreAsync(_sender, snapshotId, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _core.DeleteAsync(_sender, snapshotId, cancellationToken);

    /// <summary>Releases the transport this client created; a caller's handler or <see cref="HttpClient"/> is left alone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _sender.Dispose();
        }
    }

    /// <summary>Describes the client without its token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"SnapshotsClient {{ BaseAddress = {BaseAddress} }}";
}
