using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Runs each request's attempts in one small loop, as Azure.Core's <c>RetryPolicy</c> does (Polly's retry and timeout
/// pipelines cost about 600 bytes a call over loopback, more than SPEC section 8 allows): before each attempt the client's
/// <see cref="ClientThrottle"/> (not part of the attempt: no retry used up); each attempt bounded by the attempt timeout
/// (or what is left of the call, when that ends first), which covers reading the whole body
/// (<see cref="BufferedContent"/>); each outcome classified once (<see cref="Classify"/>), noted in the call's
/// <see cref="CallRecord"/> (this handler is its one writer) and told to the throttle; retried where the outcome and the
/// method allow, after <see cref="RetryDelay"/>, while the call's time allows. It never decodes: the client does,
/// after the pipeline returns.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly VpsRetryOptions _options;
    private readonly string? _apiToken;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;
    private readonly ClientThrottle _throttle;
    private readonly Func<double> _random;

    public RetryHandler(VpsSnapshotsOptions options, ClientThrottle throttle, TimeProvider time, ILogger logger, SnapshotsMetrics metrics, Func<double>? random = null)
    {
        _options = options.Retry;
        _apiToken = options.ApiToken;
        _throttle = throttle;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _random = random ?? SharedRandom.NextDouble;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var request = message as SnapshotsRequestMessage ?? throw new InvalidOperationException("The SDK's pipeline sends the SDK's own requests only.");
        var call = request.Call;
        var method = request.Method.Method;
        for (var retries = 0; ; retries++)
        {
            // The throttle first: a hold or a turn past the call's time fails the call; nothing was sent, nothing to retry.
            var tookPlace = await _throttle.EnterAsync(request, cancellationToken).ConfigureAwait(false);
            if (call.RanOut)
            {
                _throttle.Exit(tookPlace, 0, 0, null, request);
                throw call.Exceeded(method, call.Record.LastPath ?? request.Path);
            }

            // The attempt: send and read the whole body within its time. Its failure is noted, not thrown.
            var limit = call.AttemptLimit(_options.AttemptTimeout, out var endsTheCall);
            var attempt = request.NextAttempt();
            var sentAt = _throttle.Timestamp();
            HttpResponseMessage? response = null;
            Exception? error = null;
            var timedOut = false;
            using (var timeout = limit == Timeout.InfiniteTimeSpan ? null : new ClockCancellation(_time, limit, cancellationToken))
            {
                try
                {
                    response = await base.SendAsync(attempt, timeout?.Token ?? cancellationToken).ConfigureAwait(false);
                    await BufferedContent.ReadAsync(response, timeout?.Token ?? cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    response = null;

                    // Cancelled by none of the caller's tokens: the attempt's timeout, or the transport's own (a caller's HttpClient.Timeout).
                    timedOut = ex is OperationCanceledException && timeout?.TimedOut == true;
                    error = ex is OperationCanceledException && !timedOut
                        ? new TimeoutException($"VPS.org {method} {request.Path} attempt was ended by the transport's own timeout (its HttpClient.Timeout).", ex)
                        : ex;
                }
                finally
                {
                    if (attempt.Headers.Authorization?.Parameter is { } sent && !string.Equals(sent, _apiToken, StringComparison.Ordinal))
                    {
                        // A provided token (not the options' own): error bodies that echo it are redacted.
                        call.Record.NoteSentToken(sent);
                    }
                }
            }

            // The outcome, classified once: noted in the record (the server's clock for a create, which may have to find
            // what it made) and told to the throttle.
            var kind = timedOut ? OutcomeKind.Unknown : Classify(response, error);
            var status = response is null ? 0 : (int)response.StatusCode;
            call.Record.Ended(kind, status, call.NotesServerClock ? response?.Headers.Date : null, call.Elapsed);
            _throttle.Exit(tookPlace, sentAt, status, status is 429 or 503 ? RetryDelay.RetryAfter(response!, _time) : null, request);

            var delay = timedOut && endsTheCall ? null : NextDelay(request, kind, response, error, retries, cancellationToken);
            if (delay is not { } wait)
            {
                Count(method, response is { IsSuccessStatusCode: true } ? "success" : kind == OutcomeKind.Final ? "failed" : "gave_up", response, error);
                if (timedOut)
                {
                    throw endsTheCall || call.RanOut
                        ? call.Exceeded(method, call.Record.LastPath ?? request.Path, error)
                        : Call.AttemptTimedOut(method, request.Path, _options.AttemptTimeout, request.Attempt, error);
                }

                if (response is null)
                {
                    ExceptionDispatchInfo.Capture(error!).Throw();
                }

                return response!;
            }

            Count(method, "retried", response, error);
            Log.Retrying(_logger, method, request.Path, retries + 1, Describe(response, error), wait.TotalMilliseconds);
            response?.Dispose();
            await _time.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether an attempt's outcome is final (success, a client error), transient but certainly not applied (a refused
    /// connection, 429, 503 with <c>Retry-After</c>), or of unknown effect (5xx, 408, timeouts, other transport failures).
    /// The one home of this rule.
    /// </summary>
    private static OutcomeKind Classify(HttpResponseMessage? response, Exception? error) => response is not null
        ? (int)response.StatusCode switch
        {
            429 => OutcomeKind.NotApplied,
            503 when response.Headers.RetryAfter is not null => OutcomeKind.NotApplied,
            408 or 500 or 502 or 503 or 504 => OutcomeKind.Unknown,
            _ => OutcomeKind.Final,
        }
        : error switch
        {
            HttpRequestException http when IsConnectionRefused(http) => OutcomeKind.NotApplied,
            TimeoutException or HttpRequestException or IOException => OutcomeKind.Unknown,
            _ => OutcomeKind.Final,
        };

    private static bool IsConnectionRefused(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The wait before the next attempt, or <see langword="null"/> when the outcome is not to be retried.</summary>
    private TimeSpan? NextDelay(SnapshotsRequestMessage request, OutcomeKind kind, HttpResponseMessage? response, Exception? error, int retries, CancellationToken cancellationToken)
    {
        var idempotent = request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete;
        if (kind == OutcomeKind.Final || cancellationToken.IsCancellationRequested || (!idempotent && kind != OutcomeKind.NotApplied) || retries >= _options.MaxRetries)
        {
            return null;
        }

        var delay = RetryDelay.Compute(_options, response, retries, _time, _random());
        if (!request.Call.CanWait(delay))
        {
            Log.RetryAbandoned(_logger, request.Method.Method, request.Path, retries + 1, Describe(response, error), delay.TotalMilliseconds, request.Call.Remaining.TotalMilliseconds);
            return null;
        }

        return delay;
    }

    /// <summary>Counts one attempt by outcome: <c>success</c>, <c>retried</c>, <c>gave_up</c> (transient, not retried) or <c>failed</c>.</summary>
    private void Count(string method, string result, HttpResponseMessage? response, Exception? error)
    {
        if (_metrics.AttemptsEnabled)
        {
            _metrics.Attempt(method, result, Describe(response, error));
        }
    }

    private static string Describe(HttpResponseMessage? response, Exception? error) =>
        response is not null ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : Log.Describe(error!);
}
