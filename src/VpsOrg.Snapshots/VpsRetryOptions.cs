using System;
using System.ComponentModel.DataAnnotations;

namespace VpsOrg.Snapshots;

/// <summary>How the SDK retries failed attempts. GET and DELETE are retried on transient failures; POST only where it certainly did not take effect.</summary>
public sealed class VpsRetryOptions
{
    /// <summary>How many times a failed attempt is retried (so at most <c>MaxRetries + 1</c> attempts). 0 disables retries.</summary>
    /// <value>Defaults to 3. From 0 to 100.</value>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; each later one doubles, with jitter.</summary>
    /// <value>Defaults to 1 second. From 0 to 1 hour.</value>
    /// <remarks>
    /// The range is checked by the options' validator in code: <c>[Range(typeof(TimeSpan), ...)]</c> needs reflection
    /// (a trim warning in every app that roots the library).
    /// </remarks>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest computed backoff. A server's <c>Retry-After</c> is honoured as given when it fits the call's
    /// <see cref="VpsSnapshotsOptions.Timeout"/> (waking earlier would only be throttled again), and fails the call at once when it does not.
    /// </summary>
    /// <value>Defaults to 30 seconds. From 0 to 1 day, and at least <see cref="BaseDelay"/>.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <see cref="BaseDelay"/> accepted.</summary>
    internal static readonly TimeSpan MaxBaseDelay = TimeSpan.FromHours(1);

    /// <summary>The longest <see cref="MaxDelay"/> accepted.</summary>
    internal static readonly TimeSpan MaxMaxDelay = TimeSpan.FromDays(1);

    /// <summary>The budget of one attempt; an attempt that takes longer is abandoned (and retried where that is safe).</summary>
    /// <value>Defaults to 30 seconds. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Describes the retry settings.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"{{ MaxRetries = {MaxRetries}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, AttemptTimeout = {AttemptTimeout} }}";
}
