using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
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
/// Runs each request's attempts on one Polly pipeline: retry (where <see cref="OutcomeClassifier"/> and the method
/// allow, after <see cref="RetryDelay"/>, while the call's time allows), then, per attempt, the client's
/// <see cref="ClientThrottle"/> (not part of the attempt: no retry used up), then the attempt timeout (what is left
/// of the call when that ends first), then the attempt itself: send, and read the whole body, so the timeout covers a
/// body that stalls. It never decodes (the client does, after the pipeline returns), and it is the one writer of the
/// call's <see cref="CallRecord"/>.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<Request> RequestKey = new("VpsOrg.Snapshots.Request");

    private readonly VpsRetryOptions _options;
    private readonly string? _apiToken;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;
    private readonly ClientThrottle _throttle;
    private readonly Func<double> _random;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(VpsSnapshotsOptions options, ClientThrottle throttle, TimeProvider time, ILogger logger, SnapshotsMetrics metrics, Func<double>? random = null)
    {
        _options = options.Retry;
        _apiToken = options.ApiToken;
        _throttle = throttle;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _random = random ?? SharedRandom.NextDouble;

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context.Properties.GetValue(RequestKey, null!), args.Outcome, args.AttemptNumber, args.Context.CancellationToken)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(RequestKey, null!).NextDelay),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    Log.Retrying(_logger, request.Method, request.Path, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        _pipeline = builder
            .AddStrategy(_ => new ThrottleStep(this))
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    var limit = request.Timeout.AttemptLimit(_options.AttemptTimeout, out var endsTheCall);
                    request.AttemptEndsTheCall = endsTheCall;
                    return new ValueTask<TimeSpan>(limit);
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var request = message is SnapshotsRequestMessage sdk
            ? new Request(this, message, sdk.Timeout, sdk.Record, sdk.Body)
            : new Request(this, message, new CallTimeout(_time, Timeout.InfiniteTimeSpan), new CallRecord(), message.Content is null ? null : await message.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (ctx, r) => r.Handler.AttemptAsync(ctx, r), context, request).ConfigureAwait(false);
            switch (outcome.Exception)
            {
                case null:
                    RecordAttempt(request, outcome, retried: false);
                    return outcome.Result!;
                case NotSentException notSent:
                    // Held back by the throttle past the call's time (or cancelled there): never sent, no attempt to count.
                    ExceptionDispatchInfo.Capture(notSent.InnerException!).Throw();
                    return null!;
                case TimeoutRejectedException timedOut:
                    RecordAttempt(request, outcome, retried: false);
                    throw request.AttemptEndsTheCall || request.Timeout.RanOut
                        ? request.Timeout.Exceeded(request.Method, request.Record.LastPath ?? request.Path, request.Record.Attempts, timedOut)
                        : CallTimeout.AttemptTimedOut(request.Method, request.Path, _options.AttemptTimeout, request.Attempt, timedOut);
                case var failed:
                    RecordAttempt(request, outcome, retried: false);
                    ExceptionDispatchInfo.Capture(failed).Throw();
                    return null!;
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            request.DisposeClones();
        }
    }

    /// <summary>One attempt: send, and read the whole body (<see cref="ResponseBuffer"/>) within the attempt's timeout.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context, Request request)
    {
        var message = request.Next();
        try
        {
            var response = await base.SendAsync(message, context.CancellationToken).ConfigureAwait(false);
            try
            {
                await ResponseBuffer.ReadAsync(response, context.CancellationToken).ConfigureAwait(false);
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
                request.Record.NoteSentToken(token);
            }
        }
    }

    private bool ShouldRetry(Request request, Outcome<HttpResponseMessage> outcome, int attemptNumber, CancellationToken cancellationToken)
    {
        var kind = request.LastKind;
        if (outcome.Exception is NotSentException || kind == OutcomeKind.Final || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is TimeoutRejectedException && request.AttemptEndsTheCall)
        {
            // The call's time is what ran out.
            return false;
        }

        var idempotent = request.Method is "GET" or "DELETE";
        if ((!idempotent && kind != OutcomeKind.NotApplied) || attemptNumber >= _options.MaxRetries)
        {
            return false;
        }

        var delay = RetryDelay.Compute(_options, outcome.Result, attemptNumber, _time, _random());
        if (!request.Timeout.CanWait(delay))
        {
            Log.RetryAbandoned(_logger, request.Method, request.Path, attemptNumber + 1, Describe(outcome), delay.TotalMilliseconds, request.Timeout.Remaining.TotalMilliseconds);
            return false;
        }

        request.NextDelay = delay;
        RecordAttempt(request, outcome, retried: true);
        return true;
    }

    /// <summary>Counts one attempt by outcome: <c>success</c>, <c>retried</c>, <c>gave_up</c> (transient, not retried) or <c>failed</c>.</summary>
    private void RecordAttempt(Request request, Outcome<HttpResponseMessage> outcome, bool retried)
    {
        if (_metrics.AttemptsEnabled)
        {
            var result = retried ? "retried"
                : outcome.Result is { IsSuccessStatusCode: true } ? "success"
                : request.LastKind == OutcomeKind.Final ? "failed"
                : "gave_up";
            _metrics.Attempt(request.Method, result, Describe(outcome));
        }
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? Log.Describe(ex) : ((int)outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Around each attempt: waits on the client's throttle first (a failure there means nothing was sent), and after
    /// it classifies the outcome once, notes it in the call's record and tells the throttle.
    /// </summary>
    private sealed class ThrottleStep(RetryHandler handler) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
            ResilienceContext context,
            TState state)
        {
            var request = context.Properties.GetValue(RequestKey, null!);
            bool tookPlace;
            try
            {
                tookPlace = await handler._throttle.EnterAsync(request.Timeout, request.Method, request.Path, request.Record.Attempts, context.CancellationToken).ConfigureAwait(false);
                if (request.Timeout.RanOut)
                {
                    handler._throttle.Exit(tookPlace, 0, 0, null, request.Method, request.Path);
                    throw request.Timeout.Exceeded(request.Method, request.Record.LastPath ?? request.Path, request.Record.Attempts);
                }
            }
            catch (Exception ex)
            {
                return Outcome.FromException<HttpResponseMessage>(new NotSentException(ex));
            }

            var sentAt = handler._throttle.Timestamp();
            var outcome = await callback(context, state).ConfigureAwait(false);
            var kind = OutcomeClassifier.Classify(outcome);
            request.LastKind = kind;
            var response = outcome.Result;
            var status = response is null ? 0 : (int)response.StatusCode;
            request.Record.Ended(kind, status, response?.Headers.Date, request.Timeout.Elapsed);
            handler._throttle.Exit(tookPlace, sentAt, status, status is 429 or 503 ? RetryDelay.RetryAfter(response!, handler._time) : null, request.Method, request.Path);
            return outcome;
        }
    }

    /// <summary>What the throttle did instead of letting an attempt go: it was not sent, so it is neither counted nor retried.</summary>
    private sealed class NotSentException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>One request's attempts: each gets its own message with the same method, URI, headers and body bytes.</summary>
    private sealed class Request
    {
        private readonly HttpRequestMessage _original;
        private readonly byte[]? _body;
        private List<HttpRequestMessage>? _clones;

        public Request(RetryHandler handler, HttpRequestMessage original, CallTimeout timeout, CallRecord record, byte[]? body)
        {
            Handler = handler;
            _original = original;
            _body = body;
            Timeout = timeout;
            Record = record;
            Method = original.Method.Method;
            Path = original.RequestUri?.AbsolutePath ?? string.Empty;
        }

        public RetryHandler Handler { get; }

        public CallTimeout Timeout { get; }

        public CallRecord Record { get; }

        public string Method { get; }

        public string Path { get; }

        /// <summary>This request's attempt number (1 for the first).</summary>
        public int Attempt { get; private set; }

        public TimeSpan? NextDelay { get; set; }

        /// <summary>Whether the current attempt's timeout is the end of the call's time.</summary>
        public bool AttemptEndsTheCall { get; set; }

        /// <summary>What the latest attempt's outcome says (classified once, by <see cref="ThrottleStep"/>).</summary>
        public OutcomeKind LastKind { get; set; }

        public HttpRequestMessage Next()
        {
            Attempt++;
            var message = Attempt == 1 ? _original : Clone();
            Record.Sending(Method, message.RequestUri!);
            return message;
        }

        public void DisposeClones()
        {
            foreach (var clone in _clones ?? [])
            {
                clone.Dispose();
            }
        }

        private HttpRequestMessage Clone()
        {
            var clone = new HttpRequestMessage(_original.Method, _original.RequestUri) { Version = _original.Version };
            foreach (var header in _original.Headers)
            {
                clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (_original.Content is { } template)
            {
                clone.Content = new ByteArrayContent(_body ?? []);
                foreach (var header in template.Headers)
                {
                    clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            (_clones ??= []).Add(clone);
            return clone;
        }
    }
}
