using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots;

/// <summary>
/// The client of the VPS.org Snapshots API. Thread-safe; create one and reuse it (or resolve
/// <see cref="ISnapshotsClient"/> from <c>AddVpsSnapshots</c>).
/// </summary>
/// <remarks>
/// Every call checks its arguments before sending, turns every response into a typed record or a typed
/// exception, and never lets its token reach a log, an exception or <see cref="ToString"/>.
/// </remarks>
public sealed class SnapshotsClient : ISnapshotsClient, IDisposable, IPagedSnapshotsClient
{
    private const int MaxErrorBodyChars = 64 * 1024;
    private const int MaxPages = 10_000;

    /// <summary>Allowance for the one-second precision of <c>Date</c> and <c>created_at</c> when matching a create on the server's clock.</summary>
    private static readonly TimeSpan ServerClockSlack = TimeSpan.FromSeconds(2);

    /// <summary>Used instead of the server's clock when no response carried a <c>Date</c> header.</summary>
    private static readonly TimeSpan UnknownClockSkew = TimeSpan.FromMinutes(2);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly string UserAgentValue = "VpsOrg.Snapshots/" + SnapshotsTelemetry.Version;

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly TokenSource? _clientSideAuth;
    private readonly VpsSnapshotsOptions _options;
    private readonly Uri _baseAddress;
    private readonly Uri _collection;
    private readonly string _collectionPath;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>
    /// Creates a client that owns a pooled <see cref="HttpClient"/> with the SDK's authentication and retry
    /// handlers. Dispose it when done (or keep one for the application's lifetime).
    /// </summary>
    /// <param name="options">The API address, token and budgets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (no token, non-https address, ...).</exception>
    public SnapshotsClient(VpsSnapshotsOptions options)
        : this(options, CreateDefaultPrimaryHandler(), disposePrimaryHandler: true, null, null)
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

    internal SnapshotsClient(HttpClient httpClient, VpsSnapshotsOptions options, ILogger? logger, TimeProvider? timeProvider, bool pipelineAuthenticates)
    {
        _options = Validate(options);
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _clientSideAuth = pipelineAuthenticates ? null : new TokenSource(_options);
        _baseAddress = WithTrailingSlash(_options.BaseAddress);
        _collection = new Uri(_baseAddress, "api/v1/snapshots/");
        _collectionPath = _collection.PathAndQuery;
    }

    private SnapshotsClient(VpsSnapshotsOptions options, HttpMessageHandler primary, bool disposePrimaryHandler, ILogger? logger, TimeProvider? timeProvider)
        : this(
            new HttpClient(CreatePipeline(Validate(options), primary, logger, timeProvider ?? TimeProvider.System), disposePrimaryHandler) { Timeout = Timeout.InfiniteTimeSpan },
            options,
            logger,
            timeProvider,
            pipelineAuthenticates: true)
    {
        _ownsHttpClient = true;
    }

    /// <summary>The API address this client sends to.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <inheritdoc />
    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default)
    {
        if (serverId is { } id)
        {
            Guard.PositiveId(id, nameof(serverId));
        }

        return RunAsync(Operation.List, serverId, null, serverId, (client, id, call, token) => client.ListCoreAsync(id, call, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        Guard.PositiveId(request.ServerId, "request.ServerId");
        Guard.SnapshotName(request.Name, "request.Name");

        return RunAsync(Operation.Create, request.ServerId, null, request, (client, r, call, token) => client.CreateCoreAsync(r, call, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(Operation.Restore, null, snapshotId, snapshotId, (client, id, call, token) => client.RestoreCoreAsync(id, call, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default)
    {
        Guard.PositiveId(snapshotId);
        return RunAsync(Operation.Delete, null, snapshotId, snapshotId, (client, id, call, token) => client.DeleteCoreAsync(id, call, token), cancellationToken);
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
    public override string ToString() => $"SnapshotsClient {{ BaseAddress = {_baseAddress} }}";

    internal static HttpMessageHandler CreatePipeline(VpsSnapshotsOptions options, HttpMessageHandler primary, ILogger? logger, TimeProvider timeProvider) =>
        new RetryHandler(options.Retry, timeProvider, logger, new AuthenticationHandler(new TokenSource(options), primary));

    internal static HttpMessageHandler CreateDefaultPrimaryHandler()
    {
#if NET8_0_OR_GREATER
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
#else
        return new HttpClientHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
        };
#endif
    }

    internal static VpsSnapshotsOptions Validate(VpsSnapshotsOptions options)
    {
        Guard.NotNull(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "Invalid VpsSnapshotsOptions: " + string.Join(" ", problems.Select(p => p.Message)),
                $"{nameof(options)}.{problems[0].Member}");
        }

        return options;
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    private async Task<TResult> RunAsync<TState, TResult>(
        Operation operation,
        long? serverId,
        long? snapshotId,
        TState state,
        Func<SnapshotsClient, TState, CallContext, CancellationToken, ValueTask<TResult>> body,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StartActivity(operation, serverId, snapshotId);
        using var call = new CallContext(_time, _options.Timeout, cancellationToken);
        try
        {
            var result = await body(this, state, call, call.Token).ConfigureAwait(false);
            var attempts = call.TotalAttempts;
            Log.CallCompleted(_logger, call.LastMethod ?? operation.Method, call.LastPath ?? string.Empty, call.LastStatusCode, call.ElapsedMilliseconds, attempts);
            activity?.SetTag("http.response.status_code", call.LastStatusCode);
            activity?.SetTag("vps.attempts", attempts);
            return result;
        }
        catch (Exception ex) when (Translate(ex, operation, call, cancellationToken) is { } translated)
        {
            var attempts = call.TotalAttempts;
            var error = Describe(translated);
            Log.CallFailed(_logger, call.LastMethod ?? operation.Method, call.LastPath ?? string.Empty, error, call.ElapsedMilliseconds, attempts);
            if (activity is not null)
            {
                activity.SetTag("error.type", translated.GetType().FullName);
                activity.SetTag("vps.attempts", attempts);
                if (translated is VpsApiException { StatusCode: > 0 } api)
                {
                    activity.SetTag("http.response.status_code", api.StatusCode);
                }

                activity.SetStatus(ActivityStatusCode.Error, translated.GetType().Name);
            }

            if (ReferenceEquals(translated, ex))
            {
                throw;
            }

            throw translated;
        }
    }

    private static string Describe(Exception exception) =>
        exception is VpsApiException api ? $"{api.StatusCode} {exception.GetType().Name}" : exception.GetType().Name;

    /// <summary>Maps what escaped a call to the documented exceptions: budget to <see cref="TimeoutException"/>, caller's token to cancellation.</summary>
    private Exception? Translate(Exception exception, Operation operation, CallContext call, CancellationToken callerToken)
    {
        if (exception is OperationCanceledException)
        {
            if (callerToken.IsCancellationRequested)
            {
                return exception;
            }

            var why = call.Expired
                ? $"did not complete within its budget of {_options.Timeout.TotalSeconds:0.###} s (VpsSnapshotsOptions.Timeout)"
                : "timed out (the HttpClient's own Timeout)";
            var outcome = operation == Operation.Create ? " The snapshot may or may not have been created; list the server's snapshots to check." : string.Empty;
            return new TimeoutException($"VPS.org {operation.Method} {call.LastPath ?? _collection.AbsolutePath} {why} after {call.TotalAttempts} attempt(s).{outcome}", exception);
        }

        return exception;
    }

    private static Activity? StartActivity(Operation operation, long? serverId, long? snapshotId)
    {
        var activity = SnapshotsTelemetry.Source.StartActivity(operation.ActivityName, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("vps.operation", operation.Name);
            if (serverId is { } s)
            {
                activity.SetTag("vps.server_id", s);
            }

            if (snapshotId is { } id)
            {
                activity.SetTag("vps.snapshot_id", id);
            }
        }

        return activity;
    }

    /// <summary>Fetches list pages one at a time, each page its own call (budget, retries), yielding as it goes.</summary>
    async IAsyncEnumerable<Snapshot> IPagedSnapshotsClient.EnumerateAsync(long? serverId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = ListUri(serverId);
        Uri? uri = first;
        for (var pages = 1; uri is not null; pages++)
        {
            var page = await RunAsync(Operation.List, serverId, null, uri, (client, u, call, token) => client.GetPageAsync(u, call, token), cancellationToken).ConfigureAwait(false);
            foreach (var snapshot in page.Results ?? [])
            {
                yield return snapshot;
            }

            uri = NextPage(page, first, pages);
        }
    }

    private Uri ListUri(long? serverId) =>
        serverId is { } id ? new Uri(_collection, "?server_id=" + id.ToString(CultureInfo.InvariantCulture)) : _collection;

    private async ValueTask<SnapshotList> ListCoreAsync(long? serverId, CallContext call, CancellationToken token)
    {
        var uri = ListUri(serverId);
        var first = await GetPageAsync(uri, call, token).ConfigureAwait(false);
        var results = first.Results ?? [];
        var count = first.Count;
        var page = first;
        for (var pages = 1; NextPage(page, uri, pages) is { } next; pages++)
        {
            page = await GetPageAsync(next, call, token).ConfigureAwait(false);
            if (page.Results is { } more)
            {
                results.AddRange(more);
            }
        }

        return new SnapshotList { Count = count ?? results.Count, Results = results };
    }

    /// <summary>
    /// The page after <paramref name="page"/> (the <paramref name="pagesRead"/>th of the list at
    /// <paramref name="first"/>), or <see langword="null"/> at the end; refuses a foreign <c>next</c> link or a list
    /// that never ends.
    /// </summary>
    private Uri? NextPage(SnapshotPage page, Uri first, int pagesRead)
    {
        if (page.Next is not { Length: > 0 } next)
        {
            return null;
        }

        if (pagesRead >= MaxPages)
        {
            throw new VpsApiException($"VPS.org API list on {first.PathAndQuery} returned more than {MaxPages} pages; stopped following 'next' links.", 200, null, null, null, null);
        }

        return ResolveNextLink(next, first);
    }

    private Uri ResolveNextLink(string next, Uri current)
    {
        if (!Uri.TryCreate(_baseAddress, next, out var uri) ||
            !string.Equals(uri.Scheme, _baseAddress.Scheme, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(uri.Host, _baseAddress.Host, StringComparison.OrdinalIgnoreCase) ||
            uri.Port != _baseAddress.Port)
        {
            throw new VpsApiException(
                $"VPS.org API list on {current.PathAndQuery} gave a 'next' link to '{Redact(next)}', which is not on {_baseAddress.GetLeftPart(UriPartial.Authority)}; " +
                "it was not followed, because the API token is only ever sent to BaseAddress.",
                200,
                null,
                null,
                null,
                null);
        }

        return uri;
    }

    private static string Redact(string link)
    {
        var cut = link.IndexOfAny(['?', '#']);
        return cut < 0 ? link : link.Substring(0, cut) + "...";
    }

    private async ValueTask<SnapshotPage> GetPageAsync(Uri uri, CallContext call, CancellationToken token)
    {
        using var response = await SendAsync(HttpMethod.Get, uri, null, call, token).ConfigureAwait(false);
        return await ReadJsonAsync(response, SnapshotsJsonContext.Default.SnapshotPage, call, token).ConfigureAwait(false);
    }

    private async ValueTask<Snapshot> CreateCoreAsync(CreateSnapshotRequest request, CallContext call, CancellationToken token)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SnapshotsJsonContext.Default.CreateSnapshotRequest);
        for (var resend = 0; ; resend++)
        {
            try
            {
                using var response = await SendAsync(HttpMethod.Post, _collection, body, call, token).ConfigureAwait(false);
                return await ReadJsonAsync(response, SnapshotsJsonContext.Default.Snapshot, call, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested && IsUnknownOutcome(ex))
            {
                Log.CreateOutcomeUnknown(_logger, request.Name, request.ServerId, Describe(ex));
                var found = await FindCreatedAsync(request, call, token).ConfigureAwait(false);
                if (found is not null)
                {
                    Log.CreateReconciled(_logger, request.Name, request.ServerId, found.Id);
                    return found;
                }

                var delay = _options.Retry.BaseDelay;
                var remaining = call.Remaining;
                if (resend >= _options.Retry.MaxRetries || (remaining != Timeout.InfiniteTimeSpan && delay >= remaining))
                {
                    throw;
                }

                if (delay > TimeSpan.Zero)
                {
                    await DelayAsync(delay, token).ConfigureAwait(false);
                }
            }
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken token)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(delay, _time, token);
#else
        return _time.Delay(delay, token);
#endif
    }

    /// <summary>
    /// The snapshot that a create whose outcome is unknown made, if it made one: same server and name, created
    /// since this call began on the server's clock (from the <c>Date</c> header), allowing for one-second precision.
    /// </summary>
    private async ValueTask<Snapshot?> FindCreatedAsync(CreateSnapshotRequest request, CallContext call, CancellationToken token)
    {
        var list = (await ListCoreAsync(request.ServerId, call, token).ConfigureAwait(false)).Results;
        var since = call.ServerTimeAtStart is { } serverStart
            ? serverStart - ServerClockSlack
            : _time.GetUtcNow() - call.Elapsed - UnknownClockSkew;
        return list
            .Where(s => s.Server.Id == request.ServerId && string.Equals(s.Name, request.Name, StringComparison.Ordinal) && s.CreatedAt >= since)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id)
            .FirstOrDefault();
    }

    private static bool IsUnknownOutcome(Exception exception) => exception switch
    {
        VpsServerException => true,
        VpsApiException { StatusCode: 408 } => true,
        TimeoutException => true,
        HttpRequestException http => !RetryHandler.IsConnectionRefused(http),
        _ => false,
    };

    private async ValueTask<RestoreResult> RestoreCoreAsync(long snapshotId, CallContext call, CancellationToken token)
    {
        var uri = new Uri(_collection, snapshotId.ToString(CultureInfo.InvariantCulture) + "/restore/");
        using var response = await SendAsync(HttpMethod.Post, uri, null, call, token).ConfigureAwait(false);
        return await ReadJsonAsync(response, SnapshotsJsonContext.Default.RestoreResult, call, token).ConfigureAwait(false);
    }

    private async ValueTask<bool> DeleteCoreAsync(long snapshotId, CallContext call, CancellationToken token)
    {
        var uri = new Uri(_collection, snapshotId.ToString(CultureInfo.InvariantCulture) + "/");
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, uri, null, call, token).ConfigureAwait(false);
        }
        catch (VpsNotFoundException) when (call.MayHaveTakenEffect)
        {
            Log.DeleteAlreadyDone(_logger, snapshotId);
        }

        return true;
    }

    /// <summary>
    /// The one send path (a <see cref="ValueTask{TResult}"/> like every internal step, so a call that completes
    /// synchronously allocates only the public <see cref="Task"/>): builds the request, sends it through the pipeline and returns a success response,
    /// or reads the error body and throws the matching <see cref="VpsApiException"/>.
    /// </summary>
    private async ValueTask<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? jsonBody, CallContext call, CancellationToken token)
    {
        using var request = new SnapshotsRequestMessage(method, uri, call) { Body = jsonBody };
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = JsonContentType;
        }

        // Raw header values: parsed header objects would cost more per call than the whole rest of the client.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgentValue);
        if (_clientSideAuth is not null)
        {
            request.Headers.Authorization = await _clientSideAuth.GetHeaderAsync(token).ConfigureAwait(false);
        }

        call.BeginRequest(method.Method, uri, ReferenceEquals(uri, _collection) ? _collectionPath : null);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        call.Observe((int)response.StatusCode, response.Headers.Date);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response.Content, token).ConfigureAwait(false);
            throw ApiErrorFactory.Create(response, method.Method, call.LastPath ?? uri.PathAndQuery, RedactToken(body), method == HttpMethod.Post && uri == _collection, _time);
        }
    }

    private async ValueTask<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CallContext call, CancellationToken token)
        where T : class
    {
#if NET5_0_OR_GREATER
        var raw = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
#else
        var raw = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var stream = new CapturingReadStream(raw);
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(stream, typeInfo, token).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiErrorFactory.InvalidBody(response, call.LastMethod ?? "GET", call.LastPath ?? string.Empty, RedactToken(stream.Excerpt()), ex);
        }

        return value ?? throw ApiErrorFactory.InvalidBody(response, call.LastMethod ?? "GET", call.LastPath ?? string.Empty, RedactToken(stream.Excerpt()), null);
    }

    private static async Task<string> ReadErrorBodyAsync(HttpContent? content, CancellationToken token)
    {
        if (content is null)
        {
            return string.Empty;
        }

        try
        {
#if NET5_0_OR_GREATER
            using var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
#else
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[4096];
            var text = new StringBuilder();
            int read;
            while (text.Length < MaxErrorBodyChars && (read = await reader.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
            {
                text.Append(buffer, 0, read);
            }

            return text.ToString();
        }
        catch (IOException)
        {
            // A body cut off mid-way still leaves the status code to report.
            return string.Empty;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    private string? RedactToken(string? text)
    {
        var token = _options.ApiToken;
        if (text is null || string.IsNullOrEmpty(token) || text.IndexOf(token, StringComparison.Ordinal) < 0)
        {
            return text;
        }

        return text.Replace(token, "***");
    }

    private sealed class Operation
    {
        public static readonly Operation List = new("list", "GET");
        public static readonly Operation Create = new("create", "POST");
        public static readonly Operation Restore = new("restore", "POST");
        public static readonly Operation Delete = new("delete", "DELETE");

        private Operation(string name, string method)
        {
            Name = name;
            Method = method;
            ActivityName = "VpsOrg.Snapshots." + char.ToUpperInvariant(name[0]) + name.Substring(1);
        }

        public string Name { get; }

        public string Method { get; }

        public string ActivityName { get; }
    }
}
