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
/// Runs each request's attempts: the first on its own, the rest on Polly's retry loop (entered only when the first
/// one's outcome puts a retry in question): retries where <see cref="OutcomeClassifier"/> and the method allow, waits
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

    public RetryHandler(VpsRetryOptions options, TimeProvider timeProvider, ILogger? logger = null, SnapshotsMetrics? metrics = null, Func<double>? random = null, ClientThrottle? throttle = null)
    {
        _options = options;
        _metrics = metrics ?? SnapshotsMetrics.Shared;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? SharedRandom.NextDouble;
        _throttle = throttle ?? new ClientThrottle(new VpsThrottlingOptions(), options.BaseDelay, timeProvider, _logger, _metrics);
        _retries = BuildRetries();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null
            : request is SnapshotsRequestMessage { Body: { } known } ? known
            : await request.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
        var state = new RequestReplay(this, request, body);
        try
        {
            // The first attempt runs outside Polly: most calls end with it, and Polly's frames are its cost. Only an
            // outcome that a retry is in question for enters the retry loop, as its first attempt (so Polly decides,
            // waits and logs exactly as if it had run that attempt itself).
            var outcome = await AttemptAsync(state, cancellationToken).ConfigureAwait(false);
            if (outcome.Exception is ThrottleHeldException)
            {
                // Never sent: no attempt to note, none to retry (the catch below says why).
                outcome.ThrowIfException();
            }

            if (_options.MaxRetries == 0)
            {
                RecordAttempt(state, outcome, kind: null, retried: false);
            }
            else if (OutcomeClassifier.Classify(outcome) is var kind && kind == OutcomeKind.Final)
            {
                Note(state, outcome, kind, retried: false);
            }
            else
            {
                outcome = await RetryAsync(state, outcome, cancellationToken).ConfigureAwait(false);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        catch (ThrottleHeldException held)
        {
            // The client's throttle held it longer than its budget allows.
            throw held.Error;
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
            state.DisposeClones();
        }
    }

    /// <summary>The retry loop on Polly, entered with the first attempt's outcome already known.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> RetryAsync(RequestReplay state, Outcome<HttpResponseMessage> first, CancellationToken cancellationToken)
    {
        state.First = first;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            return await _retries.ExecuteOutcomeAsync(
                static (ctx, s) => s.TakeFirst() is { } known ? new ValueTask<Outcome<HttpResponseMessage>>(known) : s.Handler.AttemptAsync(s, ctx.CancellationToken),
                context,
                state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One attempt, its outcome returned rather than thrown: the client's throttle (a hold, then the pace: outside the
    /// attempt timeout), then send and read the whole body (<see cref="ResponseBuffer"/>) within the attempt timeout,
    /// so it also cuts a body that stalls mid-way and a body cut off by the connection fails the attempt (retried where
    /// that is safe). It never decodes: the client does, after the pipeline returns.
    /// </summary>
#if NET6_0_OR_GREATER
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(RequestReplay state, CancellationToken cancellationToken)
    {
        try
        {
            await _throttle.WaitAsync(state.Budget, state.Method, state.Path, cancellationToken).ConfigureAwait(false);
            var byBudget = false;
            var limit = state.Budget?.AttemptLimit(_options.AttemptTimeout, out byBudget) ?? _options.AttemptTimeout;
            if (byBudget && limit <= TimeSpan.Zero)
            {
                // Nothing left of the call's budget: not sent.
                return Outcome.FromException<HttpResponseMessage>(BudgetRanOut(state.Budget!, null));
            }

            var request = state.NextRequest();
            state.Record?.CountAttempt();
            var deadline = Deadline.Start(_timeProvider, limit, cancellationToken);
            try
            {
                var sentAt = _throttle.Timestamp();
                var response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
                try
                {
                    await ResponseBuffer.ReadAsync(response, deadline.Token).ConfigureAwait(false);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                var status = (int)response.StatusCode;
                _throttle.OnAnswer(sentAt, status, status is 429 or 503 ? RetryDelay.RetryAfter(response, _timeProvider) : null, state.Method, state.Path);
                return Outcome.FromResult(response);
            }
            catch (OperationCanceledException ex) when (deadline.Expired && byBudget)
            {
                return Outcome.FromException<HttpResponseMessage>(BudgetRanOut(state.Budget!, ex));
            }
            catch (OperationCanceledException ex) when (deadline.Expired)
            {
                return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                    $"The attempt did not complete within the allowed timeout of '{_options.AttemptTimeout}'.", _options.AttemptTimeout, ex));
            }
            finally
            {
                deadline.Dispose();
            }
        }
        catch (Exception ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    /// <summary>The end of the call's budget met in an attempt bounded by it: the call ends as if its own timer had cancelled it.</summary>
    private static OperationCanceledException BudgetRanOut(CallBudget budget, Exception? inner)
    {
        budget.RanOut();
        return new OperationCanceledException($"The call's budget of {budget.Budget.TotalSeconds:0.###} s ran out.", inner);
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

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        if (outcome.Exception is ThrottleHeldException)
        {
            return false;
        }

        var kind = OutcomeClassifier.Classify(outcome);
        var retry = Decide(state, outcome, kind, context, attemptNumber);
        Note(state, outcome, kind, retry);
        return retry;
    }

    /// <summary>Notes one attempt's outcome: its kind in the call's record (did it take effect?), and the attempt in the metrics.</summary>
    private void Note(RequestReplay state, Outcome<HttpResponseMessage> outcome, OutcomeKind kind, bool retried)
    {
        state.Record?.Outcome(kind);
        RecordAttempt(state, outcome, kind, retried);
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

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? Log.Describe(ex) : ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
