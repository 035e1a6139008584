using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Runs each request's attempts on Polly: retries where <see cref="OutcomeClassifier"/> and the method allow, waits
/// <see cref="RetryDelay"/> while the call's budget allows; before each attempt, waits on the client's
/// <see cref="ClientThrottle"/> (a hold, then the pace: not part of the attempt, and no retry used up); bounds each
/// attempt (headers and body) by the attempt timeout, and tells the throttle each answer.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<RequestReplay> StateKey = new("VpsOrg.Snapshots.RequestReplay");

    private readonly VpsRetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;
    private readonly Func<double> _random;
    private readonly ClientThrottle _throttle;
    private readonly ResiliencePipeline<HttpResponseMessage> _retries;
    private readonly ResiliencePipeline<HttpResponseMessage> _attempt;

    public RetryHandler(VpsRetryOptions options, TimeProvider timeProvider, ILogger? logger = null, SnapshotsMetrics? metrics = null, Func<double>? random = null, ClientThrottle? throttle = null)
    {
        _options = options;
        _metrics = metrics ?? SnapshotsMetrics.Shared;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? SharedRandom.NextDouble;
        _throttle = throttle ?? new ClientThrottle(new VpsThrottlingOptions(), options.BaseDelay, timeProvider, _logger, _metrics);
        _retries = BuildRetries();
        _attempt = BuildAttempt();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null
            : request is SnapshotsRequestMessage { Body: { } known } ? known
            : await request.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
        var state = new RequestReplay(this, request, body);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            var response = await _retries.ExecuteAsync(
                static (ctx, s) => s.Handler.AttemptAsync(ctx, s),
                context,
                state).ConfigureAwait(false);
            if (_options.MaxRetries == 0)
            {
                RecordAttempt(state, Outcome.FromResult(response), kind: null, retried: false);
            }

            return response;
        }
        catch (ThrottleHeldException held)
        {
            // Never sent: the client's throttle held it longer than its budget allows.
            throw held.Error;
        }
        catch (Exception ex) when (_options.MaxRetries == 0 && RecordFailedAttempt(state, ex))
        {
            throw;
        }
        catch (TimeoutRejectedException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The call's own token ended at the same moment as the attempt: the call's budget or the caller decides.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException(
                $"VPS.org {request.Method} {request.RequestUri?.AbsolutePath} attempt timed out after {_options.AttemptTimeout.TotalSeconds:0.###} s (attempt {state.Attempt}).",
                ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            state.DisposeClones();
        }
    }

    /// <summary>One turn of the retry loop: the client's throttle (outside the attempt timeout), then the attempt.</summary>
    private ValueTask<HttpResponseMessage> AttemptAsync(ResilienceContext context, RequestReplay state)
    {
        var held = _throttle.WaitAsync(state.Budget, state.Method, state.Path, context.CancellationToken);
        return held.IsCompletedSuccessfully
            ? _attempt.ExecuteAsync(static (ctx, s) => s.Handler.SendAttemptAsync(s, ctx.CancellationToken), context, state)
            : AttemptAfterHoldAsync(held, context, state);
    }

    private async ValueTask<HttpResponseMessage> AttemptAfterHoldAsync(ValueTask held, ResilienceContext context, RequestReplay state)
    {
        await held.ConfigureAwait(false);
        return await _attempt.ExecuteAsync(static (ctx, s) => s.Handler.SendAttemptAsync(s, ctx.CancellationToken), context, state).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt: send, then read the whole body (<see cref="ResponseBuffer"/>) before the attempt ends, so the
    /// attempt timeout also cuts a body that stalls mid-way and a body cut off by the connection fails the attempt
    /// (retried where that is safe). It never decodes: the client does, after the pipeline returns.
    /// </summary>
    private async ValueTask<HttpResponseMessage> SendAttemptAsync(RequestReplay state, CancellationToken cancellationToken)
    {
        var request = state.NextRequest();
        state.Record?.CountAttempt();
        var sentAt = _throttle.Timestamp();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await ResponseBuffer.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        var status = (int)response.StatusCode;
        _throttle.OnAnswer(sentAt, status, status is 429 or 503 ? RetryDelay.RetryAfter(response, _timeProvider) : null, state.Method, state.Path);
        return response;
    }

    private ResiliencePipeline<HttpResponseMessage> BuildRetries()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).NextDelay),
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(StateKey, null!);
                    Log.Retrying(_logger, state.Method, state.Path, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private ResiliencePipeline<HttpResponseMessage> BuildAttempt()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (_options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(_options.AttemptTimeout);
        }

        return builder.Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        if (outcome.Exception is ThrottleHeldException)
        {
            return false;
        }

        var kind = OutcomeClassifier.Classify(outcome);
        state.Record?.Outcome(kind);
        var retry = Decide(state, outcome, kind, context, attemptNumber);
        RecordAttempt(state, outcome, kind, retry);
        return retry;
    }

    private bool Decide(RequestReplay state, Outcome<HttpResponseMessage> outcome, OutcomeKind kind, ResilienceContext context, int attemptNumber)
    {
        if (kind == OutcomeKind.Final)
        {
            return false;
        }

        var certainlyNotApplied = kind is OutcomeKind.NotApplied;

        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var idempotent = state.Method is "GET" or "DELETE" or "HEAD" or "PUT" or "OPTIONS";
        if ((!idempotent && !certainlyNotApplied) || attemptNumber >= _options.MaxRetries)
        {
            return false;
        }

        var delay = RetryDelay.Compute(_options, outcome.Result, attemptNumber, _timeProvider, _random());
        if (state.Budget is { } budget && !budget.CanWait(delay))
        {
            Log.RetryAbandoned(_logger, state.Method, state.Path, attemptNumber + 1, Describe(outcome), delay.TotalMilliseconds, budget.Remaining.TotalMilliseconds);
            return false;
        }

        state.NextDelay = delay;
        return true;
    }

    /// <summary>Counts one attempt by outcome: <c>success</c>, <c>retried</c>, <c>gave_up</c> (transient, not retried) or <c>failed</c>.</summary>
    /// <remarks><paramref name="kind"/> is the outcome's classification when the caller already has it; it is computed only for a listener.</remarks>
    private void RecordAttempt(RequestReplay state, Outcome<HttpResponseMessage> outcome, OutcomeKind? kind, bool retried)
    {
        if (!_metrics.AttemptsEnabled)
        {
            return;
        }

        var result = retried ? "retried"
            : outcome.Result is { IsSuccessStatusCode: true } ? "success"
            : (kind ?? OutcomeClassifier.Classify(outcome)) == OutcomeKind.Final ? "failed"
            : "gave_up";
        _metrics.Attempt(state.Method, result, Describe(outcome));
    }

    private bool RecordFailedAttempt(RequestReplay state, Exception exception)
    {
        if (exception is ThrottleHeldException)
        {
            return false;
        }

        RecordAttempt(state, Outcome.FromException<HttpResponseMessage>(exception), kind: null, retried: false);
        return false;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? Log.Describe(ex) : ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
