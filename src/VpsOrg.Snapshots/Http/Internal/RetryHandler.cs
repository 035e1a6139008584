using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using VpsOrg.Snapshots.Diagnostics;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Retries attempts on a Polly <see cref="ResiliencePipeline{T}"/>: GET and DELETE on transient failures,
/// POST only where the request certainly did not take effect. Each attempt gets a fresh request with the
/// same bytes, bounded by the attempt timeout; no wait runs past the call's budget.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<AttemptState> StateKey = new("VpsOrg.Snapshots.AttemptState");

    private readonly VpsRetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(VpsRetryOptions options, TimeProvider timeProvider, ILogger? logger = null, Func<double>? random = null)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? DefaultRandom;
        _pipeline = BuildPipeline();
    }

    public RetryHandler(VpsRetryOptions options, TimeProvider timeProvider, ILogger? logger, HttpMessageHandler innerHandler)
        : this(options, timeProvider, logger)
    {
        InnerHandler = innerHandler;
    }

    private static double DefaultRandom()
    {
#if NET6_0_OR_GREATER
        return Random.Shared.NextDouble();
#else
        lock (SharedRandom)
        {
            return SharedRandom.NextDouble();
        }
#endif
    }

#if !NET6_0_OR_GREATER
    private static readonly Random SharedRandom = new();
#endif

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = CallContext.Get(request);
        var body = request.Content is null ? null
            : request is SnapshotsRequestMessage { Body: { } known } ? known
            : await ReadBodyAsync(request.Content).ConfigureAwait(false);
        var state = new AttemptState(this, request, body, call);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, s) => s.Handler.SendAttemptAsync(s, ctx.CancellationToken),
                context,
                state).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
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

    private static async Task<byte[]> ReadBodyAsync(HttpContent content)
    {
#if NET5_0_OR_GREATER
        return await content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
#else
        return await content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
    }

    private ValueTask<HttpResponseMessage> SendAttemptAsync(AttemptState state, CancellationToken cancellationToken)
    {
        var request = state.NextRequest();
        state.Call?.CountAttempt();
        return new ValueTask<HttpResponseMessage>(base.SendAsync(request, cancellationToken));
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
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

        if (_options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(_options.AttemptTimeout);
        }

        return builder.Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        var kind = Classify(outcome);
        if (kind == OutcomeKind.Final)
        {
            return false;
        }

        var certainlyNotApplied = kind is OutcomeKind.NotApplied;
        if (!certainlyNotApplied)
        {
            state.Call?.MarkMayHaveTakenEffect();
        }

        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var idempotent = state.Method is "GET" or "DELETE" or "HEAD" or "PUT" or "OPTIONS";
        if (!idempotent && !certainlyNotApplied)
        {
            return false;
        }

        var delay = ComputeDelay(outcome.Result, attemptNumber);
        var remaining = state.Call?.Remaining ?? Timeout.InfiniteTimeSpan;
        if (remaining != Timeout.InfiniteTimeSpan && delay >= remaining)
        {
            Log.RetryAbandoned(_logger, state.Method, state.Path, attemptNumber + 1, Describe(outcome), delay.TotalMilliseconds, remaining.TotalMilliseconds);
            return false;
        }

        state.NextDelay = delay;
        return true;
    }

    /// <summary>
    /// The wait before the next attempt: the server's <c>Retry-After</c> where given, else exponential backoff
    /// (<c>BaseDelay * 2^attempt</c>) with jitter in [50 %, 100 %]; both capped by <c>MaxDelay</c>.
    /// </summary>
    internal TimeSpan ComputeDelay(HttpResponseMessage? response, int attemptNumber)
    {
        TimeSpan delay;
        if (response is not null && RetryAfter.Get(response, _timeProvider) is { } serverDelay)
        {
            delay = serverDelay;
        }
        else
        {
            var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
            var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
            delay = TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * _random())));
        }

        return delay > _options.MaxDelay ? _options.MaxDelay : delay;
    }

    internal static OutcomeKind Classify(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                TimeoutRejectedException => OutcomeKind.Unknown,
                HttpRequestException http when IsConnectionRefused(http) => OutcomeKind.NotApplied,
                HttpRequestException => OutcomeKind.Unknown,
                _ => OutcomeKind.Final,
            };
        }

        var response = outcome.Result!;
        return (int)response.StatusCode switch
        {
            429 => OutcomeKind.NotApplied,
            503 when response.Headers.RetryAfter is not null => OutcomeKind.NotApplied,
            408 or 500 or 502 or 503 or 504 => OutcomeKind.Unknown,
            _ => OutcomeKind.Final,
        };
    }

    internal static bool IsConnectionRefused(Exception exception)
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

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? Log.Describe(ex) : ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal enum OutcomeKind
    {
        /// <summary>Success or a client error: never retried.</summary>
        Final,

        /// <summary>Transient, and the request certainly did not take effect (refused, 429, 503 with Retry-After).</summary>
        NotApplied,

        /// <summary>Transient, but the server may have carried the request out.</summary>
        Unknown,
    }

    private sealed class AttemptState
    {
        private readonly HttpRequestMessage _original;
        private readonly byte[]? _body;
        private List<HttpRequestMessage>? _clones;

        public AttemptState(RetryHandler handler, HttpRequestMessage original, byte[]? body, CallContext? call)
        {
            Handler = handler;
            _original = original;
            _body = body;
            Call = call;
            Method = original.Method.Method;
            Path = original.RequestUri?.AbsolutePath ?? string.Empty;
        }

        public RetryHandler Handler { get; }

        public CallContext? Call { get; }

        public string Method { get; }

        public string Path { get; }

        public int Attempt { get; private set; }

        public TimeSpan? NextDelay { get; set; }

        public HttpRequestMessage NextRequest()
        {
            Attempt++;
            if (Attempt == 1)
            {
                return _original;
            }

            var clone = new SnapshotsRequestMessage(_original.Method, _original.RequestUri, Call) { Version = _original.Version, Body = _body };
            foreach (var header in _original.Headers)
            {
                clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (_body is not null)
            {
                clone.Content = Copy(_body, _original.Content!);
            }

            (_clones ??= []).Add(clone);
            return clone;
        }

        public void DisposeClones()
        {
            if (_clones is null)
            {
                return;
            }

            foreach (var clone in _clones)
            {
                clone.Dispose();
            }
        }

        private static ByteArrayContent Copy(byte[] body, HttpContent template)
        {
            var content = new ByteArrayContent(body);
            foreach (var header in template.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return content;
        }
    }
}
