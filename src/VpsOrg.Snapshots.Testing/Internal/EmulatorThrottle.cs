using System;
using System.Globalization;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>
/// The emulator's throttle: a token bucket of <see cref="EmulatorRateLimit.Burst"/> requests refilled at the rate,
/// answering as Django REST Framework's <c>Throttled</c> does (429, <c>Retry-After</c> in whole seconds rounded up, and
/// its <c>detail</c>). Callers hold the world's gate.
/// </summary>
internal sealed class EmulatorThrottle
{
    private EmulatorRateLimit? _limit;
    private double _tokens;
    private DateTimeOffset _refilledAt;

    public EmulatorRateLimit? Limit => _limit;

    /// <summary>How many requests this throttle answered with 429.</summary>
    public long Throttled { get; private set; }

    public void Set(EmulatorRateLimit? limit, DateTimeOffset now)
    {
        _limit = limit;
        _tokens = limit?.Burst ?? 0;
        _refilledAt = now;
    }

    /// <summary>Takes one request's token, or returns the 429 to answer.</summary>
    public EmulatorResponse? Take(DateTimeOffset now)
    {
        if (_limit is not { } limit)
        {
            return null;
        }

        var elapsed = (now - _refilledAt).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(limit.Burst, _tokens + (elapsed * limit.PerSecond));
            _refilledAt = now;
        }

        if (_tokens >= 1)
        {
            _tokens -= 1;
            return null;
        }

        Throttled++;
        var wait = (int)Math.Ceiling((1 - _tokens) / limit.PerSecond);
        var seconds = wait.ToString(CultureInfo.InvariantCulture);
        return EmulatorResponses.Json(
            429,
            EmulatorJson.Detail($"Request was throttled. Expected available in {seconds} second{(wait == 1 ? string.Empty : "s")}."),
            [new("Retry-After", seconds)]);
    }
}
