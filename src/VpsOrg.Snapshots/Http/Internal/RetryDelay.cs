using System;
using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Computes the wait before a retry: the server's <c>Retry-After</c> as given, else capped exponential backoff with jitter.</summary>
internal static class RetryDelay
{
    /// <summary>
    /// The wait before the next attempt: the server's <c>Retry-After</c> where given (as given: the call's budget,
    /// not <c>MaxDelay</c>, decides whether it can be honoured), else <c>BaseDelay * 2^attempt</c> capped by
    /// <c>MaxDelay</c>, with jitter in [50 %, 100 %].
    /// </summary>
    public static TimeSpan Compute(VpsRetryOptions options, HttpResponseMessage? response, int attemptNumber, TimeProvider timeProvider, double random)
    {
        if (response is not null && RetryAfter(response, timeProvider) is { } serverDelay)
        {
            return serverDelay;
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random)));
    }

    /// <summary>Reads the <c>Retry-After</c> header in both of its forms (delta seconds and HTTP date).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
