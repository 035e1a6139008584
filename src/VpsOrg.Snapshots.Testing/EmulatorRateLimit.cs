using System;
using System.Globalization;

namespace VpsOrg.Snapshots.Testing;

/// <summary>
/// How fast the emulator lets requests through, as Django REST Framework's throttle rates are written
/// (<c>10/s</c>, <c>100/m</c>, <c>1000/h</c>, <c>5000/d</c>): <see cref="Requests"/> per <see cref="Period"/>, with
/// bursts of at most <see cref="Burst"/> (a token bucket refilled at the rate).
/// </summary>
public sealed record EmulatorRateLimit
{
    /// <summary>Creates a rate of <paramref name="requests"/> per <paramref name="period"/>.</summary>
    /// <param name="requests">How many requests per period.</param>
    /// <param name="period">The period.</param>
    /// <param name="burst">The most requests let through at once; <paramref name="requests"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public EmulatorRateLimit(int requests, TimeSpan period, int? burst = null)
    {
        if (requests < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(requests), requests, "A rate needs at least 1 request per period.");
        }

        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A rate's period must be positive.");
        }

        if (burst is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(burst), burst, "A burst must be at least 1.");
        }

        Requests = requests;
        Period = period;
        Burst = burst ?? requests;
    }

    /// <summary>How many requests per <see cref="Period"/>.</summary>
    public int Requests { get; }

    /// <summary>The period of the rate.</summary>
    public TimeSpan Period { get; }

    /// <summary>The most requests let through at once (the bucket's size).</summary>
    public int Burst { get; }

    /// <summary>Requests per second.</summary>
    public double PerSecond => Requests / Period.TotalSeconds;

    /// <summary>Reads DRF's <c>num/period</c> (period <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>, or a word starting with one: <c>10/sec</c>).</summary>
    /// <param name="rate">The rate, for example <c>10/s</c>.</param>
    /// <param name="burst">The most requests let through at once; the rate's number when <see langword="null"/>.</param>
    /// <returns>The rate limit.</returns>
    /// <exception cref="FormatException">The text is not <c>num/period</c>.</exception>
    public static EmulatorRateLimit Parse(string rate, int? burst = null)
    {
        ArgumentNullException.ThrowIfNull(rate);
        var parts = rate.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var requests) || requests < 1 || parts[1].Length == 0)
        {
            throw new FormatException($"A rate limit is num/period, such as 10/s or 100/m, not '{rate}'.");
        }

        var period = parts[1][0] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => throw new FormatException($"A rate limit's period is s, m, h or d, not '{parts[1]}'."),
        };
        return new EmulatorRateLimit(requests, period, burst);
    }

    /// <summary>The rate as DRF writes it: <c>10/s</c>, <c>600/m</c>.</summary>
    public string Rate
    {
        get
        {
            var unit = Period == TimeSpan.FromSeconds(1) ? "s" : Period == TimeSpan.FromMinutes(1) ? "m" : Period == TimeSpan.FromHours(1) ? "h" : Period == TimeSpan.FromDays(1) ? "d" : Period.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
            return Requests.ToString(CultureInfo.InvariantCulture) + "/" + unit;
        }
    }

    /// <summary>The rate, with the burst when it differs from the rate's number: <c>10/s</c>, <c>10/s burst 5</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Rate + (Burst == Requests ? string.Empty : " burst " + Burst.ToString(CultureInfo.InvariantCulture));
}
