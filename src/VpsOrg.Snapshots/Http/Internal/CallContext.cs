using System;
using System.Net.Http;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// State of one client call, shared between the client and the handlers through the request's options:
/// the call's deadline, and what the retry handler learned (attempts, whether an attempt may have taken effect).
/// </summary>
internal sealed class CallContext
{
    private const string Key = "VpsOrg.Snapshots.CallContext";
#if NET5_0_OR_GREATER
    private static readonly HttpRequestOptionsKey<CallContext> OptionsKey = new(Key);
#endif

    private int _attempts;
    private int _mayHaveTakenEffect;

    public CallContext(TimeProvider timeProvider, TimeSpan budget)
    {
        TimeProvider = timeProvider;
        StartTimestamp = timeProvider.GetTimestamp();
        Budget = budget;
    }

    public TimeProvider TimeProvider { get; }

    public long StartTimestamp { get; }

    /// <summary>The whole call's budget; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Budget { get; }

    /// <summary>How many attempts the retry handler has sent in this call (all requests of the call together).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Whether an attempt that was sent may have been carried out by the server (its outcome is not known to be a refusal).</summary>
    public bool MayHaveTakenEffect => Volatile.Read(ref _mayHaveTakenEffect) != 0;

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(StartTimestamp);

    /// <summary>What is left of the budget; <see cref="Timeout.InfiniteTimeSpan"/> when the call has none.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (Budget == Timeout.InfiniteTimeSpan)
            {
                return Timeout.InfiniteTimeSpan;
            }

            var left = Budget - Elapsed;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    public static CallContext? Get(HttpRequestMessage request)
    {
#if NET5_0_OR_GREATER
        return request.Options.TryGetValue(OptionsKey, out var context) ? context : null;
#else
        return request.Properties.TryGetValue(Key, out var value) ? value as CallContext : null;
#endif
    }

    public void AttachTo(HttpRequestMessage request)
    {
#if NET5_0_OR_GREATER
        request.Options.Set(OptionsKey, this);
#else
        request.Properties[Key] = this;
#endif
    }

    /// <summary>How many requests the client itself sent in this call (pages, reconciliation lists, resends).</summary>
    public int Requests { get; private set; }

    public string? LastMethod { get; private set; }

    public string? LastPath { get; private set; }

    public int LastStatusCode { get; private set; }

    /// <summary>The server's clock at the start of the call, estimated from the latest <c>Date</c> response header.</summary>
    public DateTimeOffset? ServerTimeAtStart { get; private set; }

    /// <summary>Attempts sent in the call: the retry handler's count where it is in the pipeline, else the client's requests.</summary>
    public int TotalAttempts => Math.Max(Attempts, Requests);

    public void BeginRequest(string method, string path)
    {
        Requests++;
        LastMethod = method;
        LastPath = path;
    }

    public void Observe(int statusCode, DateTimeOffset? serverDate)
    {
        LastStatusCode = statusCode;
        if (serverDate is { } date)
        {
            ServerTimeAtStart = date - Elapsed;
        }
    }

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    public void MarkMayHaveTakenEffect() => Interlocked.Exchange(ref _mayHaveTakenEffect, 1);
}
