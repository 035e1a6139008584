using System;
using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>How the SDK retries failed attempts. GET and DELETE are retried on transient failures; POST only where it certainly did not take effect.</summary>
public sealed class VpsRetryOptions
{
    /// <summary>How many times a failed attempt is retried (so at most <c>MaxRetries + 1</c> attempts). 0 disables retries.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; each later one doubles, with jitter.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait, including a server's <c>Retry-After</c>.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The budget of one attempt; an attempt that takes longer is abandoned (and retried where that is safe).</summary>
    /// <value>Defaults to 30 seconds. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Describes the retry settings.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"{{ MaxRetries = {MaxRetries}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, AttemptTimeout = {AttemptTimeout} }}";

    internal IEnumerable<(string Member, string Message)> Problems()
    {
        if (MaxRetries is < 0 or > 100)
        {
            yield return (nameof(MaxRetries), $"MaxRetries must be between 0 and 100, got {MaxRetries}.");
        }

        if (BaseDelay < TimeSpan.Zero)
        {
            yield return (nameof(BaseDelay), "BaseDelay must not be negative.");
        }

        if (MaxDelay < BaseDelay)
        {
            yield return (nameof(MaxDelay), "MaxDelay must be at least BaseDelay.");
        }

        if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            yield return (nameof(AttemptTimeout), "AttemptTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        }
    }
}
