using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Runs each request's attempts with Polly's retry and timeout strategies: retries where the outcome and the method
/// allow (<see cref="Classify(Outcome{HttpResponseMessage})"/>), after <see cref="RetryDelay"/>, while the call's time
/// allows; before each attempt, the client's <see cref="ClientThrottle"/> (not part of the attempt: no retry used up);
/// each attempt bounded by the attempt timeout (or what is left of the call, when that ends first), which covers
/// reading the whole body (<see cref="BufferedContent"/>). It never decodes (the client does, after the pipeline
/// returns), and it is the one writer of the call's <see cref="CallRecord"/>.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<SnapshotsRequestMessage> RequestKey = new("VpsOrg.Snapshots.Request");

    private readonly VpsRetryOptions _options;
    private readonly string? _apiToken;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;
    private readonly ClientThrottle _throttle;
    private readonly Func<double> _random;
    private readonly ResiliencePipeline<HttpResponseMessage> _retries;
    private readonly ResiliencePipeline<HttpResponseMessage> _attemptTimeout;

    public RetryHandler(VpsSnapshotsOptions options, ClientThrottle throttle, TimeProvider time, ILogger logger, SnapshotsMetrics metrics, Func<double>? random = null)
    {
        _options = options.Retry;
        _apiToken = options.ApiToken;
        _throttle = throttle;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _random = random ?? SharedRandom.NextDouble;

        var retries = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.MaxRetries > 0)
        {
            retries.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(Request(args.Context), args.Outcome, args.AttemptNumber, args.Context.CancellationToken)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(Request(args.Context).NextDelay),
                OnRetry = args =>
                {
                    var request = Request(args.Context);
                    Log.Retrying(_logger, request.Method.Method, request.Path, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        _retries = retries.Build();
        _attemptTimeout = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args =>
                {
                    var request = Request(args.Context);
                    var limit = request.Call.AttemptLimit(_options.AttemptTimeout, out var endsTheCall);
                    request.AttemptEndsTheCall = endsTheCall;
                    return new ValueTask<TimeSpan>(limit);
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var request = message as SnapshotsRequestMessage ?? throw new InvalidOperationException("The SDK's pipeline sends the SDK's own requests only.");
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _retries.ExecuteOutcomeAsync(static (ctx, handler) => handler.AttemptAsync(ctx, Request(ctx)), context, this).ConfigureAwait(false);
            if (!request.HeldBack)
            {
                RecordAttempt(request, outcome, retried: false);
            }

            if (outcome.Exception is TimeoutRejectedException timedOut)
            {
                throw request.AttemptEndsTheCall || request.Call.RanOut
                    ? request.Call.Exceeded(request.Method.Method, request.Call.Record.LastPath ?? request.Path, timedOut)
                    : Call.AttemptTimedOut(request.Method.Method, request.Path, _options.AttemptTimeout, request.Attempt, timedOut);
            }

            if (outcome.Exception is { } failed)
            {
                ExceptionDispatchInfo.Capture(failed).Throw();
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static SnapshotsRequestMessage Request(ResilienceContext context) => context.Properties.GetValue(RequestKey, null!);

    /// <summary>
    /// One attempt: the client's throttle first (a failure there means nothing was sent), then, within the attempt's
    /// timeout, send and read the whole body; then the outcome classified once, noted in the call's record and told to
    /// the throttle.
    /// </summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context, SnapshotsRequestMessage request)
    {
        var call = request.Call;
        bool tookPlace;
        try
        {
            tookPlace = await _throttle.EnterAsync(call, request.Method.Method, request.Path, context.CancellationToken).ConfigureAwait(false);
            if (call.RanOut)
            {
                _throttle.Exit(tookPlace, 0, 0, null, request.Method.Method, request.Path);
                throw call.Exceeded(request.Method.Method, call.Record.LastPath ?? request.Path);
            }
        }
        catch (Exception ex)
        {
            request.HeldBack = true;
            return Outcome.FromException<HttpResponseMessage>(ex);
        }

        var sentAt = _throttle.Timestamp();
        var outcome = await _attemptTimeout.ExecuteOutcomeAsync(static (ctx, handler) => handler.SendOnceAsync(ctx, Request(ctx)), context, this).ConfigureAwait(false);
        var kind = Classify(outcome);
        request.LastKind = kind;
        var response = outcome.Result;
        var status = response is null ? 0 : (int)response.StatusCode;
        call.Record.Ended(kind, status, response?.Headers.Date, call.Elapsed);
        _throttle.Exit(tookPlace, sentAt, status, status is 429 or 503 ? RetryDelay.RetryAfter(response!, _time) : null, request.Method.Method, request.Path);
        return outcome;
    }

    /// <summary>Sends one attempt and reads its whole body, within the attempt's timeout.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> SendOnceAsync(ResilienceContext context, SnapshotsRequestMessage request)
    {
        var message = request.NextAttempt();
        try
        {
            var response = await base.SendAsync(message, context.CancellationToken).ConfigureAwait(false);
            try
            {
                await BufferedContent.ReadAsync(response, context.CancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            return Outcome.FromResult(response);
        }
        catch (OperationCanceledException ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            // Cancelled by none of the SDK's tokens: the transport's own timeout (a caller's HttpClient.Timeout).
            return Outcome.FromException<HttpResponseMessage>(new TimeoutException($"VPS.org {request.Method} {request.Path} attempt was ended by the transport's own timeout (its HttpClient.Timeout).", ex));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        finally
        {
            if (message.Headers.Authorization?.Parameter is { } token && !string.Equals(token, _apiToken, StringComparison.Ordinal))
            {
                // A provided token (not the options' own): error bodies that echo it are redacted.
                request.Call.Record.NoteSentToken(token);
            }
        }
    }

    private bool ShouldRetry(SnapshotsRequestMessage request, Outcome<HttpResponseMessage> outcome, int attemptNumber, CancellationToken cancellationToken)
    {
        var kind = request.LastKind;
        if (request.HeldBack || kind == OutcomeKind.Final || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is TimeoutRejectedException && request.AttemptEndsTheCall)
        {
            // The call's time is what ran out.
            return false;
        }

        var idempotent = request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete;
        if ((!idempotent && kind != OutcomeKind.NotApplied) || attemptNumber >= _options.MaxRetries)
        {
            return false;
        }

        var delay = RetryDelay.Compute(_options, outcome.Result, attemptNumber, _time, _random());
        if (!request.Call.CanWait(delay))
        {
            Log.RetryAbandoned(_logger, request.Method.Method, request.Path, attemptNumber + 1, Describe(outcome), delay.TotalMilliseconds, request.Call.Remaining.TotalMilliseconds);
            return false;
        }

        request.NextDelay = delay;
        RecordAttempt(request, outcome, retried: true);
        return true;
    }

    /// <summary>
    /// Whether an attempt's outcome is final (success, a client error), transient but certainly not applied (a refused
    /// connection, 429, 503 with <c>Retry-After</c>), or of unknown effect (5xx, 408, timeouts, other transport failures).
    /// The one home of this rule.
    /// </summary>
    private static OutcomeKind Classify(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => (int)outcome.Result!.StatusCode switch
        {
            429 => OutcomeKind.NotApplied,
            503 when outcome.Result.Headers.RetryAfter is not null => OutcomeKind.NotApplied,
            408 or 500 or 502 or 503 or 504 => OutcomeKind.Unknown,
            _ => OutcomeKind.Final,
        },
        HttpRequestException http when IsConnectionRefused(http) => OutcomeKind.NotApplied,
        TimeoutRejectedException or TimeoutException or HttpRequestException or IOException => OutcomeKind.Unknown,
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

    /// <summary>Counts one attempt by outcome: <c>success</c>, <c>retried</c>, <c>gave_up</c> (transient, not retried) or <c>failed</c>.</summary>
    private void RecordAttempt(SnapshotsRequestMessage request, Outcome<HttpResponseMessage> outcome, bool retried)
    {
        if (_metrics.AttemptsEnabled)
        {
            var result = retried ? "retried"
                : outcome.Result is { IsSuccessStatusCode: true } ? "success"
                : request.LastKind == OutcomeKind.Final ? "failed"
                : "gave_up";
            _metrics.Attempt(request.Method.Method, result, Describe(outcome));
        }
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? Log.Describe(ex) : ((int)outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
}
