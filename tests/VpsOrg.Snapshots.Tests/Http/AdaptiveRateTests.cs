using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.Tests.Http;

/// <summary>
/// The pacing rate's arithmetic against the AWS SDKs' reference figures for CUBIC (botocore's
/// <c>tests/unit/retries/test_throttling.py</c>: beta 0.7, scale 0.4; a throttle at 8 requests/s gives 5.6 and
/// K = 1.8171205928321397 s, after which the rate is back at 8), and the differences <see cref="AdaptiveRate"/>
/// documents: the rate at a throttle is what the API let through, CUBIC's clock starts when the hold ends, a throttle of
/// a request sent before the last one is the same congestion, at least 0.5 requests/s, at most twice the send rate.
/// </summary>
public class AdaptiveRateTests
{
    /// <summary>botocore's K for w_max = 8: the cube root of 8 x (1 - 0.7) / 0.4.</summary>
    private const double KFor8 = 1.8171205928321397;

    /// <summary>Answers at 8 per second from 2.0 s, throttled at 3.25 s: the last second let through 6 in 0.75 s, 8/s.</summary>
    private static AdaptiveRate ThrottledAt8(double holdEnds = 3.25)
    {
        var rate = new AdaptiveRate();
        for (var t = 2.0; t < 3.25 - 1e-9; t += 0.125)
        {
            Assert.False(rate.OnAnswer(t, t - 0.01, throttled: false));
        }

        Assert.True(rate.OnAnswer(3.25, 3.24, throttled: true, holdEnds));
        return rate;
    }

    [Fact]
    public void BeforeAnyThrottle_IsNotEnabled_AndAnswersChangeNothing()
    {
        var rate = new AdaptiveRate();

        for (var t = 0.0; t < 5; t += 0.1)
        {
            Assert.False(rate.OnAnswer(t, t, throttled: false));
        }

        Assert.False(rate.Enabled);
    }

    [Fact]
    public void Throttle_LowersTheRateByBeta_FromWhatTheApiLetThrough()
    {
        var rate = ThrottledAt8();

        Assert.True(rate.Enabled);
        Assert.Equal(8 * 0.7, rate.Rate, precision: 9);
    }

    [Fact]
    public void AfterAThrottle_CubicReachesTheRateAtTheThrottle_AfterK()
    {
        var rate = ThrottledAt8();

        rate.OnAnswer(3.25 + (KFor8 / 2), 3.25 + (KFor8 / 2), throttled: false);
        var halfway = rate.Rate;
        rate.OnAnswer(3.25 + KFor8, 3.25 + KFor8, throttled: false);

        // W(t) = 0.4 (t - K)^3 + w_max: at t = K/2 that is 8 - 0.4 * K^3 / 8 = 8 - 0.3.
        Assert.Equal(7.7, halfway, precision: 9);
        Assert.Equal(8.0, rate.Rate, precision: 9);
    }

    [Fact]
    public void CubicsClock_StartsWhenTheHoldEnds_NotAtTheThrottle()
    {
        var rate = ThrottledAt8(holdEnds: 6.25);

        rate.OnAnswer(6.25, 6.25, throttled: false);
        var atHoldEnd = rate.Rate;
        rate.OnAnswer(6.25 + KFor8, 6.25 + KFor8, throttled: false);

        Assert.Equal(5.6, atHoldEnd, precision: 9);
        Assert.Equal(8.0, rate.Rate, precision: 9);
    }

    [Fact]
    public void ThrottleOfARequestSentBeforeTheLastThrottle_IsTheSameCongestion()
    {
        var rate = ThrottledAt8();

        var changed = rate.OnAnswer(3.3, 3.2, throttled: true);

        Assert.False(changed);
        Assert.Equal(5.6, rate.Rate, precision: 9);
    }

    [Fact]
    public void Rate_NeverExceedsTwiceTheMeasuredSendRate()
    {
        var rate = ThrottledAt8();

        // Long after the throttle CUBIC alone would allow far more; answers keep coming at 8/s.
        for (var t = 3.5; t < 20; t += 0.125)
        {
            rate.OnAnswer(t, t - 0.01, throttled: false);
            Assert.True(rate.Rate <= (2 * rate.MeasuredSendRate) + 1e-9, $"at {t} s: {rate.Rate} > 2 x {rate.MeasuredSendRate}");
        }

        Assert.Equal(16.0, rate.Rate, precision: 6);
    }

    [Fact]
    public void Rate_NeverFallsBelowTheMinimum()
    {
        var rate = ThrottledAt8();

        // Throttle after throttle, each of a request sent after the last one, and nothing let through between them.
        for (var t = 5.0; t < 60; t += 5)
        {
            rate.OnAnswer(t, t - 0.1, throttled: true, t + 1);
            Assert.True(rate.Rate >= AdaptiveRate.MinRate);
        }

        Assert.Equal(AdaptiveRate.MinRate, rate.Rate);
    }

    [Fact]
    public void AFirstThrottleWithinTheFirstSecond_IsABurst_ThePaceThenGrowsAsFastAsTheSendRateAllows()
    {
        var rate = new AdaptiveRate();
        for (var t = 0.0; t < 0.5; t += 0.05)
        {
            rate.OnAnswer(t, t, throttled: false);
        }

        rate.OnAnswer(0.5, 0.45, throttled: true, holdEnds: 1.5);
        var afterBurst = rate.Rate;
        for (var t = 1.5; t < 3; t += 0.05)
        {
            rate.OnAnswer(t, t, throttled: false);
        }

        // Slow start: at least twice the measured send rate (20/s here), not CUBIC's slow climb back to w_max.
        Assert.True(rate.Rate >= 2 * rate.MeasuredSendRate - 1e-9, $"{rate.Rate} after a burst throttle at {afterBurst}");
    }
}
